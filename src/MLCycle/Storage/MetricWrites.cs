using System.Data.Common;
using Dapper;
using MLCycle.Tracking;

namespace MLCycle.Storage;

/// <summary>Writes a batch of metrics and keeps each key's latest value in <c>latest_metrics</c>. On PostgreSQL the whole batch is one
/// statement over arrays, so a batch of 1,000 metrics costs one round trip rather than a thousand, and one check that the run
/// exists rather than a thousand; its history is one <c>metric_history</c> row per key (migration 15), a slice of the arrays.</summary>
internal static class MetricWrites
{
    private const string Columns = "run_id, key, value, is_nan, step, logged_at";

    // A later step wins; at the same step a later (or equally late, hence later logged) timestamp wins, as in the history's order.
    private const string KeepLatest = """
        ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, is_nan = excluded.is_nan, step = excluded.step, logged_at = excluded.logged_at
        WHERE excluded.step > l.step OR (excluded.step = l.step AND excluded.logged_at >= l.logged_at)
        """;

    // {0} the value, {1} the arrays' parameter prefix.
    private const string FromArrays = """
        SELECT run.run_id, m.key, {0}, m.is_nan, m.step, m.logged_at
        FROM unnest(@{1}Keys, @{1}Values, @{1}IsNan, @{1}Steps, @{1}LoggedAt) AS m(key, value, is_nan, step, logged_at), run
        """;

    public static async Task WriteAsync(DbConnection c, DbTransaction t, ISqlDialect dialect, string runId, IReadOnlyList<Metric> metrics, CancellationToken ct)
    {
        if (metrics.Count == 0) return;
        var latest = LatestByKey(metrics);
        if (dialect.SendsArrays)
        {
            // Migration 12 dropped the per-row foreign key check: the run is locked once, as that check locked it, and a run that is
            // gone writes nothing and says so. History and latest values are one statement (the two tables never see each other's
            // rows within it), so the batch costs one round trip to the server.
            // The history's arrays come grouped by key, each key's values in batch order; a row takes its key's slice of them.
            var written = await c.ExecuteScalarAsync<long>(new CommandDefinition($"""
                WITH run AS (SELECT run_id FROM runs WHERE run_id = @RunId FOR KEY SHARE),
                history AS (INSERT INTO metric_history (run_id, key, value_list, is_nan_list, step_list, logged_at_list)
                    SELECT run.run_id, k.key, @Values[k.first:k.last], @IsNan[k.first:k.last], @Steps[k.first:k.last], @LoggedAt[k.first:k.last]
                    FROM unnest(@Keys, @Firsts, @Lasts) AS k(key, first, last), run
                    RETURNING cardinality(value_list) AS written),
                latest AS (INSERT INTO latest_metrics AS l ({Columns}) {string.Format(FromArrays, "CASE WHEN m.is_nan = 1 THEN NULL ELSE m.value END", "Latest")}
                    {KeepLatest})
                SELECT COALESCE(SUM(written), 0) FROM history
                """, Arrays(runId, metrics, latest), t, cancellationToken: ct)).ConfigureAwait(false);
            if (written != metrics.Count) throw new NotFoundException($"No run with id '{runId}'; its {metrics.Count} metrics were not logged.");
            return;
        }
        await c.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO metrics ({Columns}) VALUES (@RunId, @Key, @Value, @IsNan, @Step, @LoggedAt)",
            metrics.Select(m => Row(runId, m, nanAs: 0)), t, cancellationToken: ct)).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO latest_metrics AS l ({Columns}) VALUES (@RunId, @Key, @Value, @IsNan, @Step, @LoggedAt) {KeepLatest}",
            latest.Select(m => Row(runId, m, nanAs: null)), t, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>The last metric of each key in history order (step, then timestamp, then position in the batch).</summary>
    private static List<Metric> LatestByKey(IReadOnlyList<Metric> metrics)
    {
        var latest = new Dictionary<string, Metric>(StringComparer.Ordinal);
        foreach (var m in metrics)
        {
            if (!latest.TryGetValue(m.Key, out var kept) || m.Step > kept.Step || (m.Step == kept.Step && m.Timestamp >= kept.Timestamp))
            {
                latest[m.Key] = m;
            }
        }
        return [.. latest.Values];
    }

    // The history keeps NaN as a flag beside 0 (SQLite cannot store NaN); latest_metrics keeps it as NULL beside the flag.
    private static object Row(string runId, Metric m, double? nanAs) => new
    {
        RunId = runId, m.Key, Value = double.IsNaN(m.Value) ? nanAs : m.Value, IsNan = double.IsNaN(m.Value) ? 1 : 0,
        m.Step, LoggedAt = m.Timestamp.ToUnixTimeMilliseconds(),
    };

    private static DynamicParameters Arrays(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Metric> latest)
    {
        var arrays = new DynamicParameters(new { RunId = runId });
        // OrderBy is stable: each key's values keep their batch order. Keys, Firsts and Lasts say where each key's run is (from 1).
        var history = metrics.OrderBy(m => m.Key, StringComparer.Ordinal).ToArray();
        var (keys, firsts, lasts) = (new List<string>(), new List<int>(), new List<int>());
        for (var i = 0; i < history.Length; i++)
        {
            if (i > 0 && history[i].Key == history[i - 1].Key)
            {
                lasts[^1] = i + 1;
                continue;
            }
            keys.Add(history[i].Key);
            firsts.Add(i + 1);
            lasts.Add(i + 1);
        }
        arrays.Add("Keys", keys.ToArray());
        arrays.Add("Firsts", firsts.ToArray());
        arrays.Add("Lasts", lasts.ToArray());
        arrays.Add("LatestKeys", latest.Select(m => m.Key).ToArray());
        foreach (var (prefix, rows) in new[] { ("", (IReadOnlyList<Metric>)history), ("Latest", latest) })
        {
            arrays.Add($"{prefix}Values", rows.Select(m => double.IsNaN(m.Value) ? 0 : m.Value).ToArray());
            arrays.Add($"{prefix}IsNan", rows.Select(m => (short)(double.IsNaN(m.Value) ? 1 : 0)).ToArray());
            arrays.Add($"{prefix}Steps", rows.Select(m => m.Step).ToArray());
            arrays.Add($"{prefix}LoggedAt", rows.Select(m => m.Timestamp.ToUnixTimeMilliseconds()).ToArray());
        }
        return arrays;
    }
}
