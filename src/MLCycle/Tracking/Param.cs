namespace MLCycle.Tracking;

/// <summary>A run input (hyperparameter, data source); written once per run and key.</summary>
public sealed record Param(string Key, string Value);
