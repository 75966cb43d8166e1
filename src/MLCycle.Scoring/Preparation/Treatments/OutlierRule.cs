namespace MLCycle.Preparation.Treatments;

/// <summary>
/// How one numeric column's outliers are bounded and treated: by default the Tukey fences
/// [Q1 - k·IQR, Q3 + k·IQR] with k = <see cref="IqrFactor"/>; with <see cref="Percentiles"/> the two training percentiles.
/// </summary>
public sealed record OutlierRule
{
    /// <summary>Clip (training and serving) or remove (training rows only).</summary>
    public OutlierMode Mode { get; init; } = OutlierMode.Clip;
    /// <summary>The fence multiplier k of the IQR rule (1.5 is Tukey's).</summary>
    public double IqrFactor { get; init; } = 1.5;
    /// <summary>Lower and upper percentile (0-100) used as bounds instead of the IQR fences; null uses the fences.</summary>
    public PercentileRange? Percentiles { get; init; }

    /// <summary>The rule in words, as recorded in the manifest: "iqr 1.5" or "percentiles 1-99".</summary>
    public string Describe() => Percentiles is { } p
        ? FormattableString.Invariant($"percentiles {p.Low}-{p.High}")
        : FormattableString.Invariant($"iqr {IqrFactor}");
}
