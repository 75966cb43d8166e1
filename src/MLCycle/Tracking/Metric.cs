namespace MLCycle.Tracking;

/// <summary>One measurement of a metric at a training step; a metric's history is all of them for a key.</summary>
public sealed record Metric(string Key, double Value, long Step, DateTimeOffset Timestamp)
{
    /// <summary>A metric at step 0, timestamped now.</summary>
    public Metric(string key, double value) : this(key, value, 0, DateTimeOffset.UtcNow) { }
}
