using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using MLCycle.Monitoring;
using Npgsql;

namespace MLCycle.Storage;

/// <summary>The prediction log over any SQL engine the store's dialect describes.</summary>
internal sealed class SqlPredictionLog(StoreDatabase database) : IPredictionLog
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
        return database.ReadAsync<IReadOnlyList<PredictionLogEntry>>(async c =>
        {
            var rows = await c.QueryAsync<Row>(new CommandDefinition(PredictionLogQueries.Read,
                new { ModelName = modelName, Since = from, Limit = limit }, cancellationToken: ct)).ConfigureAwait(false);
            var single = rows.Select(r => new PredictionLogEntry(r.ModelName, r.Version, DateTimeOffset.FromUnixTimeMilliseconds(r.PredictedAt), r.InputsJson, r.OutputJson)
            {
                Id = r.Id, Role = ParseRole(r.Role), PrimaryId = r.PrimaryId, Key = r.RowKey,
            }).ToList();
            // The packs' rows in time order; no more than the limit can be among the first entries.
            var packed = new List<PredictionLogEntry>();
            await foreach (var pack in PacksAsync(c, modelName, from, limit, ct).ConfigureAwait(false))
            {
                if (packed.Count >= limit) break;
                var time = DateTimeOffset.FromUnixTimeMilliseconds(pack.PredictedAt);
                var role = ParseRole(pack.Role);
                PredictionLogPack.ReadRows(pack.Ids, pack.Rows, pack.RowCount, pack.Name(modelName), (_, id, inputs, output, primaryId) =>
                    packed.Add(new PredictionLogEntry(modelName, pack.Version, time, inputs, output) { Id = id, Role = role, PrimaryId = primaryId }));
            }
            return Merge(single, packed, e => e.Time, e => e.Id).Take(limit).ToList();
        }, ct);
    }

    // Reads the model's packs one at a time, so a reader with a limit stops without fetching the rest.
    // A pack holds at least MinRows rows, so limit / MinRows + 1 packs always hold the first limit of them; the LIMIT keeps PostgreSQL
    // from sending the rest, which it would to a reader closed early.
    private static async IAsyncEnumerable<PackRow> PacksAsync(DbConnection connection, string modelName, long since, int limit,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(PredictionLogQueries.ReadPacks,
            new { ModelName = modelName, Since = since, Packs = limit / PredictionLogPack.MinRows + 1 }, cancellationToken: ct)).ConfigureAwait(false);
        var parse = reader.GetRowParser<PackRow>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) yield return parse(reader);
    }

    // Two lists each in time order, merged in time order; at the same millisecond by id (made in order within a process), so a request
    // the writer cut into a pack and a tail of fewer rows than a pack holds reads back in its order. Rows without an id come first.
    private static IEnumerable<T> Merge<T>(List<T> first, List<T> second, Func<T, DateTimeOffset> time, Func<T, string?> id)
    {
        if (second.Count == 0) return first;
        if (first.Count == 0) return second;
        var merged = new List<T>(first.Count + second.Count);
        int i = 0, j = 0;
        while (i < first.Count && j < second.Count)
        {
            var order = time(second[j]).CompareTo(time(first[i]));
            if (order == 0) order = string.CompareOrdinal(id(second[j]), id(first[i]));
            merged.Add(order < 0 ? second[j++] : first[i++]);
        }
        merged.AddRange(first.Skip(i));
        merged.AddRange(second.Skip(j));
        return merged;
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
        // The rest may be in packs (ADR 0078), which hold server-made ids only. First the packs' id ranges (index entries only), then
        // the ids of just the packs whose range holds one of them: two ids a month apart read two packs, not the month's.
        var rest = ids.Where(id => !found.Contains(id) && IsPredictionId(id)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (rest.Count == 0) return found;
        var ranges = await database.ReadAsync(c => c.QueryAsync<PackRange>(new CommandDefinition(PredictionLogQueries.FindPackRanges,
            new { ModelName = modelName, From = rest[0], To = rest[^1] }, cancellationToken: ct)), ct).ConfigureAwait(false);
        var holding = ranges.Where(r => HoldsOne(rest, r.FirstId, r.LastId)).Select(r => r.PackId).ToList();
        var wanted = rest.ToHashSet(StringComparer.Ordinal);
        var sql = PredictionLogQueries.ReadPackIds(database.Dialect);
        // A few packs' ids at a time (about 74 KB each for 2,000 rows).
        foreach (var chunk in holding.Chunk(16))
        {
            var packs = await database.ReadAsync(c => c.QueryAsync<PackIds>(new CommandDefinition(sql, new { PackIds = chunk }, cancellationToken: ct)), ct).ConfigureAwait(false);
            foreach (var pack in packs) found.UnionWith(PredictionLogPack.ReadIds(pack.Ids, $"{pack.FirstId} (model {modelName})").Where(wanted.Contains));
        }
        return found;
    }

    // Whether the sorted ids hold one from first to last (ordinal).
    private static bool HoldsOne(List<string> sorted, string first, string last)
    {
        var at = sorted.BinarySearch(first, StringComparer.Ordinal);
        if (at < 0) at = ~at;
        return at < sorted.Count && string.CompareOrdinal(sorted[at], last) <= 0;
    }

    // A server-made id (PredictionId): lowercase UUID text, whose ordinal order every engine's text order keeps.
    private static bool IsPredictionId(string id) =>
        id.Length == PredictionId.MaxLength && Guid.TryParseExact(id, "D", out _) && !id.Any(char.IsUpper);

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
        return database.ReadAsync<IReadOnlyList<LabelledPrediction>>(async c =>
        {
            var rows = await c.QueryAsync<LabelledRow>(new CommandDefinition(PredictionLogQueries.ReadLabelled,
                new { ModelName = modelName, Since = from }, cancellationToken: ct)).ConfigureAwait(false);
            var single = rows.Select(r => new LabelledPrediction(r.Id, r.Version, DateTimeOffset.FromUnixTimeMilliseconds(r.PredictedAt), r.OutputJson, r.Label, r.Value)
            {
                Role = ParseRole(r.Role), PrimaryId = r.PrimaryId,
            }).ToList();
            var packed = new List<LabelledPrediction>();
            var heads = (await c.QueryAsync<PackHead>(new CommandDefinition(PredictionLogQueries.ReadPackHeads,
                new { ModelName = modelName, Since = from }, cancellationToken: ct)).ConfigureAwait(false)).ToList();
            foreach (var head in heads) await AddLabelledAsync(c, modelName, head, packed, ct).ConfigureAwait(false);
            return Merge(single, packed, l => l.Time, l => l.Id).ToList();
        }, ct);
    }

    // A pack's rows that have outcomes, joined as ReadLabelled joins a row: on its primary id when it has one (a shadow row), else its
    // own. A pack's join keys were made together, so one range of the outcomes' key holds all of them; a pack of answered rows is read
    // only when that range of its own ids holds an outcome, so a log with few outcomes reads few packs.
    private static async Task AddLabelledAsync(DbConnection connection, string modelName, PackHead head, List<LabelledPrediction> labelled, CancellationToken ct)
    {
        var shadow = ParseRole(head.Role) == PredictionRole.Shadow;
        Dictionary<string, OutcomeRow>? outcomes = null;
        if (!shadow && (outcomes = await OutcomesAsync(connection, modelName, head.FirstId, head.LastId, ct).ConfigureAwait(false)).Count == 0) return;
        var pack = await connection.QuerySingleAsync<PackRow>(new CommandDefinition(PredictionLogQueries.ReadPack, new { head.PackId }, cancellationToken: ct)).ConfigureAwait(false);
        var name = $"{head.FirstId} (model {modelName}, logged {DateTimeOffset.FromUnixTimeMilliseconds(head.PredictedAt):yyyy-MM-dd HH:mm:ss.fff} UTC)";
        var rows = new List<(string Id, string Output, string? PrimaryId)>(Math.Clamp(head.RowCount, 0, 4_096));
        PredictionLogPack.ReadRows(pack.Ids, pack.Rows, head.RowCount, name, (_, id, _, output, primaryId) => rows.Add((id, output, primaryId)));
        if (rows.Count == 0) return;
        var keys = rows.Select(r => r.PrimaryId ?? r.Id).ToList();
        outcomes ??= await OutcomesAsync(connection, modelName, keys.Min(StringComparer.Ordinal)!, keys.Max(StringComparer.Ordinal)!, ct).ConfigureAwait(false);
        if (outcomes.Count == 0) return;
        var time = DateTimeOffset.FromUnixTimeMilliseconds(head.PredictedAt);
        var role = ParseRole(head.Role);
        for (var i = 0; i < rows.Count; i++)
        {
            if (outcomes.TryGetValue(keys[i], out var outcome))
                labelled.Add(new LabelledPrediction(rows[i].Id, head.Version, time, rows[i].Output, outcome.Label, outcome.Value) { Role = role, PrimaryId = rows[i].PrimaryId });
        }
    }

    private static async Task<Dictionary<string, OutcomeRow>> OutcomesAsync(DbConnection connection, string modelName, string from, string to, CancellationToken ct) =>
        (await connection.QueryAsync<OutcomeRow>(new CommandDefinition(PredictionLogQueries.ReadOutcomeRange, new { From = from, To = to }, cancellationToken: ct)).ConfigureAwait(false))
            .Where(o => o.ModelName == modelName).ToDictionary(o => o.Id, StringComparer.Ordinal);

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

    private sealed class PackHead
    {
        public long PackId { get; set; }
        public string FirstId { get; set; } = "";
        public string LastId { get; set; } = "";
        public int Version { get; set; }
        public long PredictedAt { get; set; }
        public string Role { get; set; } = "";
        public int RowCount { get; set; }
    }

    private sealed class PackRange
    {
        public long PackId { get; set; }
        public string FirstId { get; set; } = "";
        public string LastId { get; set; } = "";
    }

    private sealed class PackIds
    {
        public string FirstId { get; set; } = "";
        public byte[] Ids { get; set; } = [];
    }

    private sealed class PackRow
    {
        public string FirstId { get; set; } = "";
        public int Version { get; set; }
        public long PredictedAt { get; set; }
        public string Role { get; set; } = "";
        public int RowCount { get; set; }
        public byte[] Ids { get; set; } = [];
        public byte[] Rows { get; set; } = [];

        /// <summary>How an error names the pack: its first id, model and time.</summary>
        public string Name(string model) =>
            $"{FirstId} (model {model}, logged {DateTimeOffset.FromUnixTimeMilliseconds(PredictedAt):yyyy-MM-dd HH:mm:ss.fff} UTC)";
    }

    private sealed class OutcomeRow
    {
        public string Id { get; set; } = "";
        public string? Label { get; set; }
        public double? Value { get; set; }
        public string ModelName { get; set; } = "";
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
