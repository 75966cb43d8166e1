namespace MLCycle.Preparation.Treatments;

/// <summary>What was fitted for one numeric column: its sentinels and its outlier bounds (from training rows only).</summary>
public sealed record NumericTreatment
{
    public required string Column { get; init; }
    /// <summary>Values turned into missing before imputation.</summary>
    public IReadOnlyList<double> Sentinels { get; init; } = [];
    /// <summary>Clip or remove; null when the column has no outlier rule.</summary>
    public OutlierMode? Outliers { get; init; }
    /// <summary>The bound rule in words ("iqr 1.5", "percentiles 1-99").</summary>
    public string? Rule { get; init; }
    /// <summary>Lower bound fitted on the training rows; null when the column had no values to fit on.</summary>
    public double? Low { get; init; }
    /// <summary>Upper bound fitted on the training rows; null when the column had no values to fit on.</summary>
    public double? High { get; init; }

    /// <summary>Whether the model clips this column (training and serving alike).</summary>
    public bool Clips => Outliers == OutlierMode.Clip && Low is not null && High is not null;

    /// <summary>Whether training rows outside the bounds are dropped.</summary>
    public bool Removes => Outliers == OutlierMode.Remove && Low is not null && High is not null;

    /// <summary>Whether a value (as the model sees it, a float) is one of the sentinels.</summary>
    public bool IsSentinel(double value)
    {
        foreach (var s in Sentinels) if ((float)s == (float)value) return true;
        return false;
    }
}
