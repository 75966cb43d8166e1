namespace MLCycle.Preparation.Treatments;

/// <summary>A lower and an upper percentile, each from 0 to 100, lower below upper.</summary>
public sealed record PercentileRange(double Low, double High);
