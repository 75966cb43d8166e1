namespace MLCycle.Tracking;

/// <summary>One-item conveniences over <see cref="ITrackingStore.LogBatchAsync"/>, the store's one write primitive.</summary>
public static class TrackingStoreExtensions
{
    /// <summary>Logs one metric value at a step (0 by default), timestamped now.</summary>
    public static Task LogMetricAsync(this ITrackingStore store, string runId, string key, double value, long step = 0, CancellationToken ct = default) =>
        store.LogBatchAsync(runId, metrics: [new Metric(key, value, step, DateTimeOffset.UtcNow)], ct: ct);

    /// <summary>Logs one param; a param is write-once per run.</summary>
    public static Task LogParamAsync(this ITrackingStore store, string runId, string key, string value, CancellationToken ct = default) =>
        store.LogBatchAsync(runId, parameters: [new Param(key, value)], ct: ct);

    /// <summary>Sets (or replaces) one tag.</summary>
    public static Task SetTagAsync(this ITrackingStore store, string runId, string key, string value, CancellationToken ct = default) =>
        store.LogBatchAsync(runId, tags: [new RunTag(key, value)], ct: ct);
}
