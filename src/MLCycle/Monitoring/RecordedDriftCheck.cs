namespace MLCycle.Monitoring;

/// <summary>One recorded drift check: when it ran and the columns that drifted, with their PSI (NaN when not computed, e.g. an absent column).</summary>
public sealed record RecordedDriftCheck(DateTimeOffset Time, IReadOnlyList<(string Column, double Psi)> Drifted)
{
    /// <summary>The run that records the check.</summary>
    public string RunId { get; init; } = "";

    /// <summary>The model version checked.</summary>
    public int Version { get; init; }

    /// <summary>The rows checked; null when the run did not log them.</summary>
    public double? Rows { get; init; }

    /// <summary>The compared column with the highest PSI, drifted or not, and that PSI; null when no PSI was logged.</summary>
    public (string Column, double Psi)? Worst { get; init; }
}
