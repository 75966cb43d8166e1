namespace MLCycle.Tracking;

/// <summary>One execution of training or evaluation: its status, times, params, latest metrics and tags.</summary>
public sealed record Run
{
    /// <summary>The error of a run found <see cref="RunStatus.Killed"/>.</summary>
    public const string KilledError = "interrupted: the process ended before the run finished";

    /// <summary>How the error of a run the server ended for want of a heartbeat begins (ADR 0055).</summary>
    public const string LapsedErrorPrefix = "no heartbeat from its client since";

    /// <summary>The audit log's action for a run the server ended because its lease lapsed.</summary>
    public const string LapseAction = "runs.lease.lapse";

    public required string RunId { get; init; }
    public required long ExperimentId { get; init; }
    public required string ExperimentName { get; init; }
    public string? Name { get; init; }
    public required RunStatus Status { get; init; }
    public required DateTimeOffset StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    /// <summary>Why the run failed, when it did.</summary>
    public string? Error { get; init; }
    /// <summary>When its client last renewed its lease (created it, heartbeat, or log-batch); null for a run without a lease
    /// (started by a local command, or before leases existed).</summary>
    public DateTimeOffset? LastHeartbeat { get; init; }
    /// <summary>When the server ends it as Killed unless its client renews the lease first; null for a run without a lease.</summary>
    public DateTimeOffset? LeaseExpires { get; init; }
    /// <summary>True when the server ended it because its lease lapsed (no heartbeat from its client); a later write is refused.</summary>
    public bool LeaseLapsed { get; init; }
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();
    /// <summary>The latest value of each metric: highest step, then latest timestamp.</summary>
    public IReadOnlyDictionary<string, Metric> Metrics { get; init; } = new Dictionary<string, Metric>();
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
