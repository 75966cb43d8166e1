namespace MLCycle.Profiling;

/// <summary>What the profiler should know beyond the file: the target, the key and the sensitive columns.</summary>
public sealed record ProfileOptions
{
    /// <summary>The column to predict; enables class balance, imbalance, leakage checks and feature-target correlations.</summary>
    public string? Target { get; init; }

    /// <summary>Columns that together identify a row (one name for a simple key); duplicate values are reported.</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    /// <summary>Columns whose values must not appear in issue examples (personal data); their example values are redacted.</summary>
    public IReadOnlyList<string> Sensitive { get; init; } = [];

    /// <summary>
    /// Whether the profile carries the file's SHA-256 (<see cref="DatasetProfile.Fingerprint"/>), which costs one more
    /// read of the whole file; a caller that never shows it turns it off.
    /// </summary>
    public bool Fingerprint { get; init; } = true;

    /// <summary>Told which stage the profile is in (reading, summarising, second pass, checks), for a progress display.</summary>
    public IProgress<string>? Progress { get; init; }
}
