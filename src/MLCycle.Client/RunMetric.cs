namespace MLCycle.Client;

/// <summary>A metric's value at a step, and when it was logged.</summary>
/// <param name="Key">The metric's name.</param>
/// <param name="Value">Its value; NaN when undefined.</param>
/// <param name="Step">The step (epoch, iteration) it belongs to.</param>
/// <param name="Timestamp">When it was logged.</param>
public sealed record RunMetric(string Key, double Value, long Step, DateTimeOffset Timestamp);
