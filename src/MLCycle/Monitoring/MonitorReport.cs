namespace MLCycle.Monitoring;

/// <summary>A drift check of one model: which version, against what data, and the drift found; for logged requests, how many rows
/// the server served but could not log (<see cref="Dropped"/>: the check could not see them), null for a file.</summary>
public sealed record MonitorReport(string Model, int Version, string Source, long Rows, long RejectedRows, DriftReport Drift, long? Dropped = null)
{
    /// <summary>For a file: the rows scored for prediction drift, a fixed uniform sample when fewer than <see cref="Rows"/>
    /// (<see cref="DriftCheck.ScoreSample"/>); <see cref="RejectedRows"/> counts among them. Null for logged requests (all scored).</summary>
    public long? ScoredRows { get; init; }
    /// <summary>Drift per time window, oldest first (with a <see cref="MonitorWindow"/>); null otherwise. Windows without rows are not listed.</summary>
    public IReadOnlyList<DriftWindow>? Windows { get; init; }
    /// <summary>Rows of a windowed file check whose time was missing or unreadable: in the overall drift, in no window.</summary>
    public long UntimedRows { get; init; }
    /// <summary>For logged requests: the model's logged rows in the period per version and role (primary, canary, shadow), so the
    /// checked version's share of the traffic is visible beside the others; null for a file.</summary>
    public IReadOnlyList<LoggedVersionRows>? Logged { get; init; }
}
