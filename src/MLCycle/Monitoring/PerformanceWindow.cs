namespace MLCycle.Monitoring;

/// <summary>One time window of logged predictions with outcomes: how many, and their metrics (null when too few rows for a verdict).</summary>
public sealed record PerformanceWindow(DateTimeOffset Start, DateTimeOffset End, int Rows, IReadOnlyDictionary<string, double>? Metrics);
