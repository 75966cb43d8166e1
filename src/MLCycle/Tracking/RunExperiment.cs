namespace MLCycle.Tracking;

/// <summary>A run's full id and the name of its experiment: what a host needs to check access before a write, without loading the
/// run's params, metrics and tags.</summary>
public sealed record RunExperiment(string RunId, string ExperimentName);
