using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>One column of a <see cref="DataReport"/>: its kind, missing and distinct counts, statistics and the issues that concern it.</summary>
public sealed record DataReportColumn
{
    public required string Name { get; init; }
    public required ColumnKind Type { get; init; }
    public required long Missing { get; init; }
    public required long Distinct { get; init; }
    public required DataReportStats Stats { get; init; }
    public required IReadOnlyList<DataReportColumnIssue> Issues { get; init; }
}
