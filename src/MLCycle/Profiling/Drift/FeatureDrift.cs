using MLCycle.Data;

namespace MLCycle.Profiling.Drift;

/// <summary>How far one column (or the model's predictions) has moved from its training reference.</summary>
public sealed record FeatureDrift
{
    public required string Name { get; init; }
    public required ColumnKind Kind { get; init; }
    /// <summary>Population stability index over quantile bins (numeric) or categories (categorical), missing values as their own bucket.</summary>
    public required double Psi { get; init; }
    /// <summary>Two-sample Kolmogorov-Smirnov statistic D against the reference CDF (numeric columns only).</summary>
    public double? KsStatistic { get; init; }
    /// <summary>Asymptotic KS p-value; the reference CDF is only known at its percentiles, so with very large samples on both
    /// sides (hundreds of thousands of rows) this resolution alone can look significant. PSI decides <see cref="Drifted"/>.</summary>
    public double? KsPValue { get; init; }
    /// <summary>Chi-squared goodness-of-fit statistic of current category counts against reference shares (categorical and boolean columns).</summary>
    public double? ChiSquare { get; init; }
    public double? ChiSquarePValue { get; init; }
    /// <summary>Non-missing values in the current data.</summary>
    public long CurrentCount { get; init; }
    public long CurrentMissing { get; init; }
    /// <summary>PSI at or above the threshold (or the column is absent from the current data).</summary>
    public bool Drifted { get; init; }
    /// <summary>The KS or chi-squared p-value is below the significance level.</summary>
    public bool Significant { get; init; }
    /// <summary>Why a column was judged differently (absent, values that did not parse, no reference statistics).</summary>
    public string? Note { get; init; }
}
