namespace MLCycle.Profiling.Drift;

/// <summary>How drift is judged: the PSI at or above which a feature counts as drifted, and the significance level of the tests.</summary>
public sealed record DriftOptions
{
    /// <summary>A feature with PSI at or above this has drifted (0.1 is a moderate shift, 0.2 a major one).</summary>
    public double PsiThreshold { get; init; } = 0.2;
    /// <summary>A KS or chi-squared p-value below this marks the difference as statistically significant.</summary>
    public double PValue { get; init; } = 0.05;
    /// <summary>
    /// Below this many non-missing current values a column gets no verdict. Two samples of the same distribution over ten
    /// bins have an expected PSI of about 9/n, so a handful of logged requests would otherwise flag almost every feature.
    /// </summary>
    public int MinimumRows { get; init; } = DefaultMinimumRows;

    /// <summary>The default <see cref="MinimumRows"/>: at 200 rows the expected same-distribution PSI is about 0.05, a quarter of the default threshold.</summary>
    public const int DefaultMinimumRows = 200;
}
