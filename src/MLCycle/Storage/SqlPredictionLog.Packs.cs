using System.Data.Common;
using Dapper;
using MLCycle.Monitoring;

namespace MLCycle.Storage;

/// <summary>The prediction log's packs (ADR 0078): a many-row request's rows as one record, read beside the rows written one at a time.</summary>
internal sealed partial class SqlPredictionLog
{
    // The packs' rows from a time on, in time order; no more than the limit can be among the first entries.
    private static async Task<List<PredictionLogEntry>> ReadPackedAsync(DbConnection connection, DbTransaction transaction, string modelName, long since, int limit, CancellationToken ct)
    {
        var packed = new List<PredictionLogEntry>();
        await foreach (var pack in PacksAsync(connection, transaction, modelName, since, limit, ct).ConfigureAwait(false))
        {
            if (packed.Count >= limit) break;
            var time = DateTimeOffset.FromUnixTimeMilliseconds(pack.PredictedAt);
            var role = ParseRole(pack.Role);
            PredictionLogPack.ReadRows(pack.Ids, pack.Rows, pack.RowCount, PackName(pack.FirstId, modelName, pack.PredictedAt), (_, id, inputs, output, primaryId) =>
                packed.Add(new PredictionLogEntry(modelName, pack.Version, time, inputs, output) { Id = id, Role = role, PrimaryId = primaryId }));
        }
        return packed;
    }

    // Reads the model's packs one at a time, so a reader with a limit stops without fetching the rest.
    // A pack holds at least MinRows rows, so limit / MinRows + 1 packs always hold the first limit of them; the LIMIT keeps PostgreSQL
    // from sending the rest, which it would to a reader closed early.
    private static async IAsyncEnumerable<PackRow> PacksAsync(DbConnection connection, DbTransaction transaction, string modelName, long since, int limit,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(PredictionLogQueries.ReadPacks,
            new { ModelName = modelName, Since = since, Packs = limit / PredictionLogPack.MinRows + 1 }, transaction, cancellationToken: ct)).ConfigureAwait(false);
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

    // Which of the ids the model's packs hold; packs hold server-made ids only. First the packs' id ranges (index entries only), then
    // the ids of just the packs whose range holds one of them: two ids a month apart read two packs, not the month's.
    private async Task<IEnumerable<string>> FindInPacksAsync(string modelName, IEnumerable<string> ids, CancellationToken ct)
    {
        var rest = ids.Where(IsPredictionId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (rest.Count == 0) return [];
        var ranges = await database.ReadAsync(c => c.QueryAsync<PackRange>(new CommandDefinition(PredictionLogQueries.FindPackRanges,
            new { ModelName = modelName, From = rest[0], To = rest[^1] }, cancellationToken: ct)), ct).ConfigureAwait(false);
        var holding = ranges.Where(r => HoldsOne(rest, r.FirstId, r.LastId)).Select(r => r.PackId).ToList();
        var wanted = rest.ToHashSet(StringComparer.Ordinal);
        var found = new List<string>();
        var sql = PredictionLogQueries.ReadPackIds(database.Dialect);
        // A few packs' ids at a time (about 74 KB each for 2,000 rows).
        foreach (var chunk in holding.Chunk(16))
        {
            var packs = await database.ReadAsync(c => c.QueryAsync<PackIds>(new CommandDefinition(sql, new { PackIds = chunk }, cancellationToken: ct)), ct).ConfigureAwait(false);
            foreach (var pack in packs) found.AddRange(PredictionLogPack.ReadIds(pack.Ids, $"{pack.FirstId} (model {modelName})").Where(wanted.Contains));
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

    // The labelled rows of the model's packs from a time on, in time order: the packs' heads first, each pack read only when needed.
    private static async Task<List<LabelledPrediction>> ReadLabelledPacksAsync(DbConnection connection, DbTransaction transaction, string modelName, long since, CancellationToken ct)
    {
        var packed = new List<LabelledPrediction>();
        var heads = (await connection.QueryAsync<PackHead>(new CommandDefinition(PredictionLogQueries.ReadPackHeads,
            new { ModelName = modelName, Since = since }, transaction, cancellationToken: ct)).ConfigureAwait(false)).ToList();
        foreach (var head in heads) await AddLabelledAsync(connection, transaction, modelName, head, packed, ct).ConfigureAwait(false);
        return packed;
    }

    // A pack's rows that have outcomes, joined as ReadLabelled joins a row: on its primary id when it has one (a shadow row), else its
    // own. A pack's join keys were made together, so one range of the outcomes' key holds all of them; a pack of answered rows is read
    // only when that range of its own ids holds an outcome, so a log with few outcomes reads few packs.
    private static async Task AddLabelledAsync(DbConnection connection, DbTransaction transaction, string modelName, PackHead head, List<LabelledPrediction> labelled, CancellationToken ct)
    {
        var shadow = ParseRole(head.Role) == PredictionRole.Shadow;
        Dictionary<string, OutcomeRow>? outcomes = null;
        if (!shadow && (outcomes = await OutcomesAsync(connection, transaction, modelName, head.FirstId, head.LastId, ct).ConfigureAwait(false)).Count == 0) return;
        var pack = await connection.QuerySingleAsync<PackRow>(new CommandDefinition(PredictionLogQueries.ReadPack, new { head.PackId }, transaction, cancellationToken: ct)).ConfigureAwait(false);
        var rows = new List<(string Id, string Output, string? PrimaryId)>(Math.Clamp(head.RowCount, 0, 4_096));
        PredictionLogPack.ReadRows(pack.Ids, pack.Rows, head.RowCount, PackName(head.FirstId, modelName, head.PredictedAt), (_, id, _, output, primaryId) => rows.Add((id, output, primaryId)));
        if (rows.Count == 0) return;
        var keys = rows.Select(r => r.PrimaryId ?? r.Id).ToList();
        outcomes ??= await OutcomesAsync(connection, transaction, modelName, keys.Min(StringComparer.Ordinal)!, keys.Max(StringComparer.Ordinal)!, ct).ConfigureAwait(false);
        if (outcomes.Count == 0) return;
        var time = DateTimeOffset.FromUnixTimeMilliseconds(head.PredictedAt);
        var role = ParseRole(head.Role);
        for (var i = 0; i < rows.Count; i++)
        {
            if (outcomes.TryGetValue(keys[i], out var outcome))
                labelled.Add(new LabelledPrediction(rows[i].Id, head.Version, time, rows[i].Output, outcome.Label, outcome.Value) { Role = role, PrimaryId = rows[i].PrimaryId });
        }
    }

    private static async Task<Dictionary<string, OutcomeRow>> OutcomesAsync(DbConnection connection, DbTransaction transaction, string modelName, string from, string to, CancellationToken ct) =>
        (await connection.QueryAsync<OutcomeRow>(new CommandDefinition(PredictionLogQueries.ReadOutcomeRange, new { From = from, To = to }, transaction, cancellationToken: ct)).ConfigureAwait(false))
            .Where(o => o.ModelName == modelName).ToDictionary(o => o.Id, StringComparer.Ordinal);

    // How an error names a pack: its first id, model and time.
    private static string PackName(string firstId, string model, long predictedAt) =>
        $"{firstId} (model {model}, logged {DateTimeOffset.FromUnixTimeMilliseconds(predictedAt):yyyy-MM-dd HH:mm:ss.fff} UTC)";

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
    }

    private sealed class OutcomeRow
    {
        public string Id { get; set; } = "";
        public string? Label { get; set; }
        public double? Value { get; set; }
        public string ModelName { get; set; } = "";
    }
}
