namespace MLCycle.Monitoring;

/// <summary>The durable record of served predictions, read back for drift and performance monitoring.</summary>
public interface IPredictionLog
{
    /// <summary>Appends the entries in one transaction.</summary>
    Task AppendAsync(IReadOnlyList<PredictionLogEntry> entries, CancellationToken ct = default);

    /// <summary>Up to <paramref name="limit"/> entries of the model logged at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<PredictionLogEntry>> ReadAsync(string modelName, DateTimeOffset? since = null, int limit = 1000, CancellationToken ct = default);

    /// <summary>Adds <paramref name="rows"/> to the count of the model's rows that were served but could not be logged on <paramref name="day"/> (UTC).</summary>
    Task AddDroppedAsync(string modelName, DateOnly day, long rows, CancellationToken ct = default);

    /// <summary>Rows of the model served but not logged, on the UTC day of <paramref name="since"/> and after (all days when null).</summary>
    Task<long> CountDroppedAsync(string modelName, DateTimeOffset? since = null, CancellationToken ct = default);
}
