using MLCycle.Profiling.Drift;

namespace MLCycle.Monitoring;

/// <summary>The drift of every compared column and of the predictions; plain data, serialisable as JSON.</summary>
public sealed record DriftReport
{
    public required IReadOnlyList<FeatureDrift> Features { get; init; }
    /// <summary>Drift of the model's predictions against its test-set predictions; null when either side is unknown.</summary>
    public FeatureDrift? Prediction { get; init; }
    public required long ReferenceRows { get; init; }
    public required long CurrentRows { get; init; }
    public required double PsiThreshold { get; init; }
    public double PValue { get; init; } = 0.05;
    /// <summary>The fewest non-missing current values a column needs for a verdict.</summary>
    public int MinimumRows { get; init; } = DriftOptions.DefaultMinimumRows;
    /// <summary>The current data has fewer rows than <see cref="MinimumRows"/>: no column gets a verdict, so there is no drift to report.</summary>
    public bool TooFewRows { get; init; }
    /// <summary>True when any feature or the prediction has drifted.</summary>
    public required bool AnyDrift { get; init; }
    /// <summary>Names of the drifted features, in input order (the prediction is not listed here).</summary>
    public required IReadOnlyList<string> DriftedFeatures { get; init; }
}
