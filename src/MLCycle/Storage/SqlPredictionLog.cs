using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using MLCycle.Monitoring;
using Npgsql;

namespace MLCycle.Storage;

/// <summary>The prediction log over any SQL engine the store's dialect describes; the packs' side of its reads (ADR 0078) is in
/// SqlPredictionLog.Packs.cs.</summary>
internal sealed partial class SqlPredictionLog(StoreDatabase database) : IPredictionLog
{
    public Task AppendAsync(IReadOnlyList<PredictionLogEntry> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Count == 0 ? Task.CompletedTask : AppendRowsAsync(PredictionLogRows.Of(entries), ct);
    }

    public Task AppendRowsAsync(PredictionLogRows rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return Task.CompletedTask;
        }
        return database.InTransactionAsync((c, _) => InsertAsync(c, rows, ct), ct);
    }

    // Each engine's own bulk path, not an INSERT command per row: the server flushes 10,000 rows for every 10,000-row request,
    // on the cores that serve the requests (ADR 0057). Both keep the caller's transaction, so a batch is still all or nothing.
    private Task<int> InsertAsync(DbConnection connection, PredictionLogRows rows, CancellationToken ct) =>
        connection switch
        {
            SqliteConnection sqlite => Task.FromResult(SqlitePredictionRows.Insert(sqlite, rows, ct)),
            NpgsqlConnection postgres => PostgresPredictionCopy.InsertAsync(postgres, rows, ct),
            _ => throw new NotSupportedException($"The prediction log has no writer for {database.Dialect.Name} connections ({connection.GetType().Name})."),
        };

    public Task<IReadOnlyList<PredictionLogEntry>> ReadAsync(string modelName, DateTimeOffset? since = null, int limit = 1000, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var from = since?.ToUnixTimeMilliseconds() ?? long.MinValue;
        // Rows and packs in one snapshot: a flush writes both in one transaction, and a read that saw one without the other could
        // return a pack's rows without the single rows before them.
        return database.SnapshotAsync<IReadOnlyList<PredictionLogEntry>>(async (c, t) =>
        {
            var rows = await c.QueryAsync<Row>(new CommandDefinition(PredictionLogQueries.Read,
                new { ModelName = modelName, Since = from, Limit = limit }, t, cancellationToken: ct)).ConfigureAwait(false);
            var single = rows.Select(r => new PredictionLogEntry(r.ModelName, r.Version, DateTimeOffset.FromUnixTimeMilliseconds(r.PredictedAt), r.InputsJson, r.OutputJson)
            {
                Id = r.Id, Role = ParseRole(r.Role), PrimaryId = r.PrimaryId, Key = r.RowKey,
            }).ToList();
            var packed = await ReadPackedAsync(c, t, modelName, from, limit, ct).ConfigureAwait(false);
            return Merge(single, packed, e => e.Time, e => e.Id).Take(limit).ToList();
        }, ct);
    }

    public Task AddDroppedAsync(string modelName, DateOnly day, long rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        // Insert-if-absent then increment: portable, and two replicas adding to the same day both count.
        var key = new { model_name = modelName, day = Day(day), dropped = 0L, rows };
        return database.InTransactionAsync(async (c, t) =>
        {
            await c.ExecuteAsync(new CommandDefinition(database.Dialect.InsertIfAbsent("prediction_log_dropped", ["model_name", "day", "dropped"]), key, t, cancellationToken: ct)).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition(
                "UPDATE prediction_log_dropped SET dropped = dropped + @rows WHERE model_name = @model_name AND day = @day", key, t, cancellationToken: ct)).ConfigureAwait(false);
        }, ct);
    }

    public Task<long> CountDroppedAsync(string modelName, DateTimeOffset? since = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        var from = since is null ? "" : Day(DateOnly.FromDateTime(since.Value.UtcDateTime));
        return database.ReadAsync(c => c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(SUM(dropped), 0) FROM prediction_log_dropped WHERE model_name = @ModelName AND day >= @From",
            new { ModelName = modelName, From = from }, cancellationToken: ct)), ct);
    }

    public async Task<IReadOnlySet<string>> FindIdsAsync(string modelName, IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(ids);
        var found = new HashSet<string>(StringComparer.Ordinal);
        // In chunks: engines cap the parameters of one statement.
        foreach (var chunk in ids.Chunk(500))
        {
            var hits = await database.ReadAsync(c => c.QueryAsync<string>(new CommandDefinition(
                PredictionLogQueries.FindIds(database.Dialect), new { ModelName = modelName, Ids = chunk }, cancellationToken: ct)), ct).ConfigureAwait(false);
            found.UnionWith(hits);
        }
        // The rest may be in packs (ADR 0078).
        found.UnionWith(await FindInPacksAsync(modelName, ids.Where(id => !found.Contains(id)), ct).ConfigureAwait(false));
        return found;
    }

    public async Task<IReadOnlyList<KeyedPrediction>> FindByKeysAsync(string modelName, IReadOnlyCollection<string> keys, DateTimeOffset before, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(keys);
        var found = new List<KeyedPrediction>();
        var sql = PredictionLogQueries.FindByKeys(database.Dialect);
        foreach (var chunk in keys.Chunk(500))
        {
            var hits = await database.ReadAsync(c => c.QueryAsync<KeyedRow>(new CommandDefinition(sql,
                new { ModelName = modelName, Keys = chunk, Before = before.ToUnixTimeMilliseconds() }, cancellationToken: ct)), ct).ConfigureAwait(false);
            found.AddRange(hits.Select(h => new KeyedPrediction(h.RowKey, h.Id, h.Version)));
        }
        return found;
    }

    public Task AddOutcomesAsync(string modelName, IReadOnlyList<PredictionOutcome> outcomes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0) return Task.CompletedTask;
        var received = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var sql = database.Dialect.Upsert("prediction_outcomes", ["id"], ["model_name", "label", "value", "received_at"]);
        return database.InTransactionAsync((c, t) => c.ExecuteAsync(new CommandDefinition(sql,
            outcomes.Select(o => new { id = o.Id, model_name = modelName, label = o.Label, value = o.Value, received_at = received }), t, cancellationToken: ct)), ct);
    }

    public Task<IReadOnlyList<LabelledPrediction>> ReadLabelledAsync(string modelName, DateTimeOffset? since = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        var from = since?.ToUnixTimeMilliseconds() ?? long.MinValue;
        return database.SnapshotAsync<IReadOnlyList<LabelledPrediction>>(async (c, t) =>
        {
            var rows = await c.QueryAsync<LabelledRow>(new CommandDefinition(PredictionLogQueries.ReadLabelled,
                new { ModelName = modelName, Since = from }, t, cancellationToken: ct)).ConfigureAwait(false);
            var single = rows.Select(r => new LabelledPrediction(r.Id, r.Version, DateTimeOffset.FromUnixTimeMilliseconds(r.PredictedAt), r.OutputJson, r.Label, r.Value)
            {
                Role = ParseRole(r.Role), PrimaryId = r.PrimaryId,
            }).ToList();
            var packed = await ReadLabelledPacksAsync(c, t, modelName, from, ct).ConfigureAwait(false);
            return Merge(single, packed, l => l.Time, l => l.Id).ToList();
        }, ct);
    }

    internal static string RoleText(PredictionRole role) => role switch
    {
        PredictionRole.Shadow => "shadow",
        PredictionRole.Canary => "canary",
        _ => "primary",
    };

    private static PredictionRole ParseRole(string? role) => role switch
    {
        "shadow" => PredictionRole.Shadow,
        "canary" => PredictionRole.Canary,
        _ => PredictionRole.Primary,
    };

    // ISO dates compare as text in date order on every engine.
    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class Row
    {
        public string? Id { get; set; }
        public string ModelName { get; set; } = "";
        public int Version { get; set; }
        public long PredictedAt { get; set; }
        public string InputsJson { get; set; } = "";
        public string OutputJson { get; set; } = "";
        public string? Role { get; set; }
        public string? PrimaryId { get; set; }
        public string? RowKey { get; set; }
    }

    private sealed class KeyedRow
    {
        public string RowKey { get; set; } = "";
        public string Id { get; set; } = "";
        public int Version { get; set; }
    }

    private sealed class LabelledRow
    {
        public string Id { get; set; } = "";
        public int Version { get; set; }
        public long PredictedAt { get; set; }
        public string OutputJson { get; set; } = "";
        public string? Label { get; set; }
        public double? Value { get; set; }
        public string? Role { get; set; }
        public string? PrimaryId { get; set; }
    }
}
