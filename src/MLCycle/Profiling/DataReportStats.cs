using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>
/// A column's summary in a <see cref="DataReport"/>: mean, std, min, median and max for numeric columns (null otherwise),
/// and the most frequent values for every column that has them.
/// </summary>
public sealed record DataReportStats
{
    /// <summary>How many of the most frequent values the report lists per column.</summary>
    public const int TopValuesListed = 10;

    public double? Mean { get; init; }
    public double? Std { get; init; }
    public double? Min { get; init; }
    public double? Median { get; init; }
    public double? Max { get; init; }
    public IReadOnlyList<ValueCount> Top { get; init; } = [];

    /// <summary>The summary of one profiled column.</summary>
    public static DataReportStats Of(ColumnProfile column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var top = column.TopValues.Take(TopValuesListed).ToList();
        // DateTime and Boolean columns keep numbers internally, but a mean of dates or flags would mislead a reader.
        if (column.Kind != ColumnKind.Numeric || column.Numeric is not { } n) return new DataReportStats { Top = top };
        return new DataReportStats
        {
            Mean = n.Mean,
            Std = n.Std,
            Min = n.Min,
            Median = double.IsNaN(n.Median) ? null : n.Median,
            Max = n.Max,
            Top = top,
        };
    }
}
