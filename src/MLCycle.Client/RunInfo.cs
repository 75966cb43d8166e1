namespace MLCycle.Client;

/// <summary>A run as the server keeps it: status, times, params, the latest value of each metric, and tags.</summary>
public sealed record RunInfo
{
    /// <summary>The run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>The experiment it belongs to.</summary>
    public required string Experiment { get; init; }

    /// <summary>The experiment's id in the server's store; 0 from a server older than this field.</summary>
    public long ExperimentId { get; init; }

    /// <summary>Its optional display name.</summary>
    public string? Name { get; init; }

    /// <summary>Running, or how it ended.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>When it started.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>When it ended; null while running.</summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>Why it failed, when it did.</summary>
    public string? Error { get; init; }

    /// <summary>When its client last renewed its lease (a heartbeat or a write); null for a run without a lease (a local run, or a
    /// server older than leases).</summary>
    public DateTimeOffset? LastHeartbeat { get; init; }

    /// <summary>When the server ends it as Killed unless its client renews the lease first; null for a run without a lease.</summary>
    public DateTimeOffset? LeaseExpires { get; init; }

    /// <summary>Its params by key.</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    /// <summary>The latest value of each metric (highest step, then latest timestamp), by key.</summary>
    public IReadOnlyDictionary<string, RunMetric> Metrics { get; init; } = new Dictionary<string, RunMetric>();

    /// <summary>Its tags by key.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
