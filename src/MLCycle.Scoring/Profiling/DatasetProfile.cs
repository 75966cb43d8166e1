using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>Facts about a whole dataset; also the drift reference stored in a model package.</summary>
public sealed record DatasetProfile
{
    public required long Rows { get; init; }
    public required IReadOnlyList<ColumnProfile> Columns { get; init; }
    public long DuplicateRows { get; init; }
    public IReadOnlyList<string> ConstantColumns { get; init; } = [];
    /// <summary>SHA-256 of the source data, hex.</summary>
    public string? Fingerprint { get; init; }
    /// <summary>Problems found in the data, in the order the checks ran.</summary>
    public IReadOnlyList<DataIssue> Issues { get; init; } = [];
    /// <summary>Pearson and Spearman between numeric columns, Cramér's V between categorical ones, eta with the target.</summary>
    public IReadOnlyList<Correlation> Correlations { get; init; } = [];
    /// <summary>The target column profiled with, if any.</summary>
    public string? Target { get; init; }
    /// <summary>Class counts of a classification target, most frequent first; null without a target or for a regression target.</summary>
    public IReadOnlyList<ValueCount>? TargetBalance { get; init; }

    public ColumnProfile? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

/// <summary>Statistics of one column.</summary>
public sealed record ColumnProfile
{
    public required string Name { get; init; }
    public required ColumnKind Kind { get; init; }
    /// <summary>Non-missing values.</summary>
    public long Count { get; init; }
    public long Missing { get; init; }
    public long Distinct { get; init; }
    /// <summary>For Numeric, Boolean and DateTime columns.</summary>
    public NumericStats? Numeric { get; init; }
    /// <summary>Most frequent values with counts (all of them for low-cardinality columns), most frequent first.</summary>
    public IReadOnlyList<ValueCount> TopValues { get; init; } = [];
    /// <summary>For numeric columns: bins over [min, max]; also used for PSI.</summary>
    public Histogram? Histogram { get; init; }
}

/// <summary>Summary statistics of a numeric column; <see cref="Percentiles"/> holds the 0th..100th percentiles (101 values).</summary>
public sealed record NumericStats(double Min, double Max, double Mean, double Std, IReadOnlyList<double> Percentiles)
{
    public double Median => Percentiles.Count == 101 ? Percentiles[50] : double.NaN;
}

/// <summary>A histogram: <c>Edges.Count == Counts.Count + 1</c>.</summary>
public sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts);

/// <summary>A value and how often it occurs.</summary>
public sealed record ValueCount(string Value, long Count);
