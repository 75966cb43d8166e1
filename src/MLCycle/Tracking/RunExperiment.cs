namespace MLCycle.Tracking;

/// <summary>A run's full id and the name of its experiment: what a host needs to check access before a write, without loading the
/// run's params, metrics and tags. <paramref name="LeaseExpires"/> and <paramref name="LeaseLapsed"/> come in the same read, so a write
/// can renew a half-spent lease, or refuse a run the server ended for want of a heartbeat, without a second query.</summary>
public sealed record RunExperiment(string RunId, string ExperimentName, DateTimeOffset? LeaseExpires = null, bool LeaseLapsed = false);
