namespace MLCycle.Monitoring;

/// <summary>How many logged request rows of a model one version scored in one role.</summary>
public sealed record LoggedVersionRows(int Version, PredictionRole Role, long Rows);
