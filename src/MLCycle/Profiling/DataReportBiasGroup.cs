namespace MLCycle.Profiling;

/// <summary>One group of a <see cref="DataReportBias"/> entry: its size and share, whether it is under-represented, its missingness and target rate.</summary>
public sealed record DataReportBiasGroup
{
    /// <summary>The group's values joined by " × ", e.g. "Female × 1"; "(missing)" stands for a missing value.</summary>
    public required string Group { get; init; }
    /// <summary>The group's value per column of the entry.</summary>
    public required IReadOnlyList<string> Values { get; init; }
    public required long Rows { get; init; }
    /// <summary>Rows over all rows.</summary>
    public required double Share { get; init; }
    public required bool UnderRepresented { get; init; }
    /// <summary>Over the group's rows and every column outside the group's own, the share of missing values.</summary>
    public required double MissingShare { get; init; }
    /// <summary>The share of the positive class (the mean for a numeric target); null without a target.</summary>
    public double? TargetRate { get; init; }
}
