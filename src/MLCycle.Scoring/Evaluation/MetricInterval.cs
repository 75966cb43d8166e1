namespace MLCycle.Evaluation;

/// <summary>A 95% bootstrap interval of a test metric (percentiles 2.5 and 97.5 over <paramref name="Resamples"/> resamples of the test rows).</summary>
public sealed record MetricInterval(double Lower, double Upper, int Resamples);
