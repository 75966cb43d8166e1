using Dapper;
using MLCycle.Monitoring;

namespace MLCycle.Storage;

/// <summary>The prediction log over any SQL engine the store's dialect describes.</summary>
internal sealed class SqlPredictionLog(StoreDatabase database) : IPredictionLog
{
    public Task AppendAsync(IReadOnlyList<PredictionLogEntry> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return Task.CompletedTask;
        }
        return database.InTransactionAsync((c, t) => c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO prediction_log (model_name, version, predicted_at, inputs, output)
            VALUES (@ModelName, @Version, @PredictedAt, @InputsJson, @OutputJson)
            """,
            entries.Select(e => new { e.ModelName, e.Version, PredictedAt = e.Time.ToUnixTimeMilliseconds(), e.InputsJson, e.OutputJson }),
            t, cancellationToken: ct)), ct);
    }

    public Task<IReadOnlyList<PredictionLogEntry>> ReadAsync(string modelName, DateTimeOffset? since = null, int limit = 1000, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return database.ReadAsync<IReadOnlyList<PredictionLogEntry>>(async c =>
        {
            var rows = await c.QueryAsync<Row>(new CommandDefinition("""
                SELECT model_name AS ModelName, version AS Version, predicted_at AS PredictedAt, inputs AS InputsJson, output AS OutputJson
                FROM prediction_log WHERE model_name = @ModelName AND predicted_at >= @Since
                ORDER BY predicted_at, prediction_id LIMIT @Limit
                """,
                new { ModelName = modelName, Since = since?.ToUnixTimeMilliseconds() ?? long.MinValue, Limit = limit }, cancellationToken: ct)).ConfigureAwait(false);
            return rows.Select(r => new PredictionLogEntry(r.ModelName, r.Version, DateTimeOffset.FromUnixTimeMilliseconds(r.PredictedAt), r.InputsJson, r.OutputJson)).ToList();
        }, ct);
    }

    private sealed class Row
    {
        public string ModelName { get; set; } = "";
        public int Version { get; set; }
        public long PredictedAt { get; set; }
        public string InputsJson { get; set; } = "";
        public string OutputJson { get; set; } = "";
    }
}
