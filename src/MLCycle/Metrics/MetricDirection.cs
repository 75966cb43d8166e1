namespace MLCycle.Metrics;

/// <summary>A metric key and whether a larger value means a better model.</summary>
public sealed record MetricDirection(string Key, bool HigherIsBetter);
