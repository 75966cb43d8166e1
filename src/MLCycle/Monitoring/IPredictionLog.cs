namespace MLCycle.Monitoring;

/// <summary>The durable record of served predictions, read back for drift and performance monitoring.</summary>
public interface IPredictionLog
{
    /// <summary>Appends the entries in one transaction.</summary>
    Task AppendAsync(IReadOnlyList<PredictionLogEntry> entries, CancellationToken ct = default);

    /// <summary>Appends the rows in one transaction, as <see cref="AppendAsync"/> would append them as entries; a store that can
    /// bind the rows' UTF-8 JSON directly does so instead of making strings (ADR 0061).</summary>
    Task AppendRowsAsync(PredictionLogRows rows, CancellationToken ct = default) => AppendAsync(rows.ToEntries(), ct);

    /// <summary>Up to <paramref name="limit"/> entries of the model logged at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<PredictionLogEntry>> ReadAsync(string modelName, DateTimeOffset? since = null, int limit = 1000, CancellationToken ct = default);

    /// <summary>Adds <paramref name="rows"/> to the count of the model's rows that were served but could not be logged on <paramref name="day"/> (UTC).</summary>
    Task AddDroppedAsync(string modelName, DateOnly day, long rows, CancellationToken ct = default);

    /// <summary>Rows of the model served but not logged, on the UTC day of <paramref name="since"/> and after (all days when null).</summary>
    Task<long> CountDroppedAsync(string modelName, DateTimeOffset? since = null, CancellationToken ct = default);

    /// <summary>Which of <paramref name="ids"/> the log holds for the model.</summary>
    Task<IReadOnlySet<string>> FindIdsAsync(string modelName, IReadOnlyCollection<string> ids, CancellationToken ct = default);

    /// <summary>For each of <paramref name="keys"/>, the latest answered (primary or canary) prediction of the model logged with that key
    /// at or before <paramref name="before"/>, one per version; keys the log does not hold are absent.</summary>
    Task<IReadOnlyList<KeyedPrediction>> FindByKeysAsync(string modelName, IReadOnlyCollection<string> keys, DateTimeOffset before, CancellationToken ct = default);

    /// <summary>Stores outcomes of the model's logged predictions in one transaction; an id given before gets the new outcome.</summary>
    Task AddOutcomesAsync(string modelName, IReadOnlyList<PredictionOutcome> outcomes, CancellationToken ct = default);

    /// <summary>The model's logged predictions that have an outcome, logged at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<LabelledPrediction>> ReadLabelledAsync(string modelName, DateTimeOffset? since = null, CancellationToken ct = default);
}
