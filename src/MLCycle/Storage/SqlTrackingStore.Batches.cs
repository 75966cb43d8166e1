using System.Data.Common;
using Dapper;
using MLCycle.Access;
using MLCycle.Tracking;

namespace MLCycle.Storage;

/// <summary>Writing a batch: params (write-once), metrics (history and latest values) and tags of a run in one transaction,
/// with the server's audit line when it gives one.</summary>
internal sealed partial class SqlTrackingStore
{
    public Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyList<Param>? parameters = null, IReadOnlyList<RunTag>? tags = null, CancellationToken ct = default) =>
        WriteBatchAsync(runId, metrics, parameters, tags, null, ct);

    public Task LogBatchAuditedAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags, AuditEntry audit,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return WriteBatchAsync(runId, metrics, parameters, tags, audit, ct);
    }

    private Task WriteBatchAsync(string runId, IReadOnlyList<Metric>? metrics, IReadOnlyList<Param>? parameters, IReadOnlyList<RunTag>? tags, AuditEntry? audit, CancellationToken ct)
    {
        metrics ??= [];
        parameters ??= [];
        tags ??= [];
        ValidateKeys(metrics.Select(m => m.Key), "metric");
        ValidateKeys(parameters.Select(p => p.Key), "param");
        ValidateKeys(tags.Select(t => t.Key), "tag");
        var newParams = DistinctParams(parameters);
        return database.InTransactionAsync(async (c, t) =>
        {
            var id = await RunQueries.ResolveRunIdAsync(c, t, runId, ct).ConfigureAwait(false);
            await WriteParamsAsync(c, t, id, newParams, ct).ConfigureAwait(false);
            await MetricWrites.WriteAsync(c, t, database.Dialect, id, metrics, ct).ConfigureAwait(false);
            await WriteTagsAsync(c, t, id, tags, ct).ConfigureAwait(false);
            if (audit is not null) await SqlAuditLog.InsertAsync(c, t, audit, ct).ConfigureAwait(false);
            return 0;
        }, ct);
    }

    private async Task WriteParamsAsync(DbConnection c, DbTransaction t, string runId, IReadOnlyList<Param> parameters, CancellationToken ct)
    {
        if (parameters.Count == 0)
        {
            return;
        }
        var existing = (await c.QueryAsync<(string Key, string Value)>(new CommandDefinition(
            $"SELECT key, value FROM params WHERE run_id = @RunId AND {database.Dialect.InList("key", "@Keys")}",
            new { RunId = runId, Keys = parameters.Select(p => p.Key).ToArray() }, t, cancellationToken: ct)).ConfigureAwait(false))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            if (existing.TryGetValue(p.Key, out var old) && old != p.Value)
            {
                throw new MLCycleException(ErrorKind.Conflict,
                    $"Param '{p.Key}' of run {runId} is already '{old}'; params are write-once, so '{p.Value}' was not logged.");
            }
        }
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO params (run_id, key, value) VALUES (@RunId, @Key, @Value)",
            parameters.Where(p => !existing.ContainsKey(p.Key)).Select(p => new { RunId = runId, p.Key, p.Value }),
            t, cancellationToken: ct)).ConfigureAwait(false);
    }

    private Task WriteTagsAsync(DbConnection c, DbTransaction t, string runId, IReadOnlyList<RunTag> tags, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            database.Dialect.Upsert("tags", ["run_id", "key"], ["value"]),
            tags.Select(tag => new { run_id = runId, key = tag.Key, value = tag.Value }), t, cancellationToken: ct));

    private static List<Param> DistinctParams(IReadOnlyList<Param> parameters)
    {
        var byKey = new Dictionary<string, Param>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            ArgumentNullException.ThrowIfNull(p.Value);
            if (byKey.TryGetValue(p.Key, out var other) && other.Value != p.Value)
            {
                throw new MLCycleException(ErrorKind.BadSpec, $"Param '{p.Key}' appears twice in one batch with values '{other.Value}' and '{p.Value}'.");
            }
            byKey[p.Key] = p;
        }
        return [.. byKey.Values];
    }

    private static void ValidateKeys(IEnumerable<string> keys, string what)
    {
        foreach (var key in keys)
        {
            if (!NameRules.IsPrintable(key, MaxKeyLength))
            {
                throw new MLCycleException(ErrorKind.BadSpec,
                    $"A {what} key must be 1 to {MaxKeyLength} characters, not blank, without control or formatting characters (such as U+202E) or leading or trailing spaces; got '{NameRules.Show(key)}'.");
            }
        }
    }
}
