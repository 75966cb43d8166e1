namespace MLCycle.Monitoring;

/// <summary>The performance of one version in one role over every logged prediction with an outcome (metrics null when too few rows).
/// For a shadow, <see cref="AnsweredMetrics"/> measures the predictions the callers got for the very same requests, so a challenger
/// in shadow and the champion are compared on the same traffic.</summary>
public sealed record VersionPerformance(int Version, PredictionRole Role, int Rows, IReadOnlyDictionary<string, double>? Metrics)
{
    /// <summary>For a shadow: the answered predictions of the same requests; null otherwise or when too few rows.</summary>
    public IReadOnlyDictionary<string, double>? AnsweredMetrics { get; init; }
}
