namespace MLCycle.Monitoring;

/// <summary>The durable record of served predictions, read back for drift and performance monitoring.</summary>
public interface IPredictionLog
{
    /// <summary>Appends the entries in one transaction.</summary>
    Task AppendAsync(IReadOnlyList<PredictionLogEntry> entries, CancellationToken ct = default);

    /// <summary>Up to <paramref name="limit"/> entries of the model logged at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<PredictionLogEntry>> ReadAsync(string modelName, DateTimeOffset? since = null, int limit = 1000, CancellationToken ct = default);
}
