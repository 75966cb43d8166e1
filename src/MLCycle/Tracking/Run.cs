namespace MLCycle.Tracking;

/// <summary>One execution of training or evaluation: its status, times, params, latest metrics and tags.</summary>
public sealed record Run
{
    /// <summary>The error of a run found <see cref="RunStatus.Killed"/>.</summary>
    public const string KilledError = "interrupted: the process ended before the run finished";

    public required string RunId { get; init; }
    public required long ExperimentId { get; init; }
    public required string ExperimentName { get; init; }
    public string? Name { get; init; }
    public required RunStatus Status { get; init; }
    public required DateTimeOffset StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    /// <summary>Why the run failed, when it did.</summary>
    public string? Error { get; init; }
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();
    /// <summary>The latest value of each metric: highest step, then latest timestamp.</summary>
    public IReadOnlyDictionary<string, Metric> Metrics { get; init; } = new Dictionary<string, Metric>();
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
