using System.Data.Common;
using Dapper;
using MLCycle.Tracking;

namespace MLCycle.Storage;

/// <summary>The reads the SQL tracking store and registry share: resolving run ids and loading runs with their details.</summary>
internal static class RunQueries
{
    /// <summary>The columns of <see cref="RunRow"/>, from runs <c>r</c> and experiments <c>e</c>.</summary>
    public const string RunColumns = """
        r.run_seq AS RunSeq, r.run_id AS RunId, r.experiment_id AS ExperimentId, e.name AS ExperimentName,
               r.name AS Name, r.status AS Status, r.start_time AS StartTime, r.end_time AS EndTime, r.error AS Error,
               r.heartbeat_at AS HeartbeatAt, r.lease_until AS LeaseUntil, r.lease_lapsed AS LeaseLapsed
        """;

    public const string SelectRun = $"""
        SELECT {RunColumns}
        FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id
        """;

    /// <summary>The full run id for an id or unique prefix; throws naming the id when none or several match.</summary>
    public static Task<string> ResolveRunIdAsync(DbConnection connection, DbTransaction? transaction, string runId, CancellationToken ct) =>
        ResolveAsync<string>(connection, transaction, runId, "SELECT r.run_id FROM runs r", id => id, ct);

    /// <summary>The full run id and its experiment's name for an id or unique prefix, in one query; throws as <see cref="ResolveRunIdAsync"/>.</summary>
    public static Task<(string RunId, string Experiment, long? LeaseUntil, long LeaseLapsed)> ResolveRunExperimentAsync(
        DbConnection connection, DbTransaction? transaction, string runId, CancellationToken ct) =>
        ResolveAsync<(string RunId, string Experiment, long? LeaseUntil, long LeaseLapsed)>(connection, transaction, runId,
            "SELECT r.run_id, e.name, r.lease_until, CAST(r.lease_lapsed AS BIGINT) FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id", run => run.RunId, ct);

    // {select} reads runs as r; each match's full id is id(match).
    private static async Task<T> ResolveAsync<T>(DbConnection connection, DbTransaction? transaction, string runId, string select, Func<T, string> id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var text = runId.Trim().ToLowerInvariant();
        if (!RunIdGenerator.IsIdOrPrefix(text))
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"'{runId}' is not a run id: expected {RunIdGenerator.MinimumPrefixLength} to {RunIdGenerator.Length} hex digits.");
        }
        // A full id is looked up by equality: PostgreSQL uses the unique index for it, but not for LIKE under a non-C collation.
        var matches = (await connection.QueryAsync<T>(new CommandDefinition(
            text.Length == RunIdGenerator.Length
                ? $"{select} WHERE r.run_id = @Prefix"
                : $"{select} WHERE r.run_id LIKE @Prefix ORDER BY r.run_id LIMIT 3",
            new { Prefix = text.Length == RunIdGenerator.Length ? text : text + "%" }, transaction, cancellationToken: ct)).ConfigureAwait(false)).AsList();
        return matches.Count switch
        {
            0 => throw new NotFoundException($"No run with id '{runId}'."),
            1 => matches[0],
            _ => throw new MLCycleException(ErrorKind.BadSpec,
                $"Run id prefix '{runId}' is ambiguous: it matches {string.Join(", ", matches.Take(2).Select(id))}{(matches.Count > 2 ? " and more" : "")}; give more characters."),
        };
    }

    /// <summary>Loads the params, latest metrics and tags of <paramref name="rows"/> and returns the runs in the same order.</summary>
    public static async Task<IReadOnlyList<Run>> LoadRunsAsync(DbConnection connection, DbTransaction? transaction, ISqlDialect dialect, IReadOnlyList<RunRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var ids = new { Ids = rows.Select(r => r.RunId).ToArray() };
        var inIds = dialect.InList("run_id", "@Ids");
        var parameters = (await connection.QueryAsync<KeyValueRow>(new CommandDefinition(
            $"SELECT run_id AS RunId, key AS Key, value AS Value FROM params WHERE {inIds}", ids, transaction, cancellationToken: ct))
            .ConfigureAwait(false)).ToLookup(p => p.RunId);
        var tags = (await connection.QueryAsync<KeyValueRow>(new CommandDefinition(
            $"SELECT run_id AS RunId, key AS Key, value AS Value FROM tags WHERE {inIds}", ids, transaction, cancellationToken: ct))
            .ConfigureAwait(false)).ToLookup(t => t.RunId);
        // latest_metrics holds each key's latest value (migration 9), so a run with a long history loads as fast as a short one.
        var metrics = (await connection.QueryAsync<MetricRow>(new CommandDefinition($"""
            SELECT run_id AS RunId, key AS Key, COALESCE(value, 0.0) AS Value, is_nan AS IsNan, step AS Step, logged_at AS LoggedAt
            FROM latest_metrics WHERE {inIds}
            """, ids, transaction, cancellationToken: ct)).ConfigureAwait(false)).ToLookup(m => m.RunId);

        return rows.Select(r => new Run
        {
            RunId = r.RunId,
            ExperimentId = r.ExperimentId,
            ExperimentName = r.ExperimentName,
            Name = r.Name,
            Status = Enum.Parse<RunStatus>(r.Status),
            StartTime = DateTimeOffset.FromUnixTimeMilliseconds(r.StartTime),
            EndTime = r.EndTime is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null,
            Error = r.Error,
            LastHeartbeat = r.HeartbeatAt is { } beat ? DateTimeOffset.FromUnixTimeMilliseconds(beat) : null,
            LeaseExpires = r.LeaseUntil is { } until ? DateTimeOffset.FromUnixTimeMilliseconds(until) : null,
            LeaseLapsed = r.LeaseLapsed != 0,
            Params = parameters[r.RunId].ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            Metrics = metrics[r.RunId].ToDictionary(m => m.Key, m => m.ToMetric(), StringComparer.Ordinal),
            Tags = tags[r.RunId].ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
        }).ToList();
    }

    internal sealed class RunRow
    {
        public long RunSeq { get; set; }
        public string RunId { get; set; } = "";
        public long ExperimentId { get; set; }
        public string ExperimentName { get; set; } = "";
        public string? Name { get; set; }
        public string Status { get; set; } = "";
        public long StartTime { get; set; }
        public long? EndTime { get; set; }
        public string? Error { get; set; }
        public long? HeartbeatAt { get; set; }
        public long? LeaseUntil { get; set; }
        public long LeaseLapsed { get; set; }
    }

    internal sealed class KeyValueRow
    {
        public string RunId { get; set; } = "";
        public string Key { get; set; } = "";
        public string Value { get; set; } = "";
    }

    internal sealed class MetricRow
    {
        public string RunId { get; set; } = "";
        public string Key { get; set; } = "";
        public double Value { get; set; }
        public long IsNan { get; set; }
        public long Step { get; set; }
        public long LoggedAt { get; set; }

        // SQLite cannot store NaN (it becomes NULL), so NaN is kept as a flag, as MLflow does.
        public Metric ToMetric() => new(Key, IsNan != 0 ? double.NaN : Value, Step, DateTimeOffset.FromUnixTimeMilliseconds(LoggedAt));
    }
}
