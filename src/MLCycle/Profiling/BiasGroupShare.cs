namespace MLCycle.Profiling;

/// <summary>
/// One group of a sensitive column, or of the intersection of all of them (column "a×b", one value per column):
/// its size, the mean share of missing values in the other columns, its target rate and whether it is under-represented.
/// </summary>
public sealed record BiasGroupShare
{
    /// <summary>The column name, or the sensitive column names joined by "×" for an intersection.</summary>
    public required string Column { get; init; }
    /// <summary>The group's value per column (one for a single column), "(missing)" for a missing value.</summary>
    public required IReadOnlyList<string> Values { get; init; }
    public required long Count { get; init; }
    /// <summary>Count over all rows.</summary>
    public required double Share { get; init; }
    /// <summary>Over the group's rows and every column outside the group's own, the share of missing values.</summary>
    public required double MissingShare { get; init; }
    /// <summary>The share of the positive class among the group's rows with a target (the mean for a numeric target); null without a target.</summary>
    public double? TargetRate { get; init; }
    public required bool UnderRepresented { get; init; }

    /// <summary>The values joined by " × ", e.g. "Female × 1".</summary>
    public string Label => string.Join(" × ", Values);
}
