namespace MLCycle.Tracking;

/// <summary>A named group of runs, as in MLflow.</summary>
public sealed record Experiment(long Id, string Name, DateTimeOffset CreatedAt);
