using MLCycle.Data;

namespace MLCycle.Profiling.Drift;

/// <summary>How far one column (or the model's predictions) has moved from its training reference.</summary>
public sealed record FeatureDrift
{
    public required string Name { get; init; }
    public required ColumnKind Kind { get; init; }
    /// <summary>Population stability index over quantile bins (numeric) or categories (categorical), missing values as their own bucket.</summary>
    public required double Psi { get; init; }
    /// <summary>Jensen–Shannon distance (natural log, as scipy and Evidently) over the same buckets as <see cref="Psi"/>.</summary>
    public double? JensenShannon { get; init; }
    /// <summary>Wasserstein distance between current values and the reference, divided by the reference's standard deviation (numeric columns only).</summary>
    public double? Wasserstein { get; init; }
    /// <summary>Two-sample Kolmogorov-Smirnov statistic D against the reference CDF, read between its 1st and 99th percentiles (numeric columns only).</summary>
    public double? KsStatistic { get; init; }
    /// <summary>Asymptotic two-sample KS p-value (n·m/(n+m) rows). PSI decides <see cref="Drifted"/>.</summary>
    public double? KsPValue { get; init; }
    /// <summary>Two-sample chi-squared statistic of the reference and current category counts (categorical and boolean columns).</summary>
    public double? ChiSquare { get; init; }
    public double? ChiSquarePValue { get; init; }
    /// <summary>The KS or chi-squared p-value adjusted by Benjamini–Hochberg across the compared features.</summary>
    public double? AdjustedPValue { get; init; }
    /// <summary>Non-missing values in the current data.</summary>
    public long CurrentCount { get; init; }
    public long CurrentMissing { get; init; }
    /// <summary>PSI at or above the threshold (or the column is absent from the current data).</summary>
    public bool Drifted { get; init; }
    /// <summary>The Benjamini–Hochberg adjusted p-value is below the significance level (false on too few rows).</summary>
    public bool Significant { get; init; }
    /// <summary>The column is not in the current data at all; it counts as drifted whatever the row count.</summary>
    public bool Absent { get; init; }
    /// <summary>Fewer non-missing current values than <see cref="DriftOptions.MinimumRows"/>: no verdict is given.</summary>
    public bool TooFewRows { get; init; }
    /// <summary>Why a column was judged differently (absent, values that did not parse, no reference statistics).</summary>
    public string? Note { get; init; }
}
