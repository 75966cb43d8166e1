using System.Data.Common;
using Dapper;
using MLCycle.Access;

namespace MLCycle.Storage;

/// <summary>The audit log over any SQL engine: INSERT and SELECT only, so nothing written can be changed through it.</summary>
internal sealed class SqlAuditLog(StoreDatabase database) : IAuditLog
{
    public Task AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // One INSERT is atomic on its own: without BEGIN and COMMIT it is one round trip, which every audited request pays.
        return database.ReadAsync(c => InsertAsync(c, null, entry, ct), ct);
    }

    /// <summary>Appends inside a caller's transaction, so a change and its audit line are written together or not at all.</summary>
    internal static Task<int> InsertAsync(DbConnection connection, DbTransaction? transaction, AuditEntry entry, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO audit_log (logged_at, actor, address, action, target, allowed, status, before_json, after_json, detail)
            VALUES (@LoggedAt, @Actor, @Address, @Action, @Target, @Allowed, @Status, @BeforeJson, @AfterJson, @Detail)
            """,
            new
            {
                LoggedAt = entry.Time.ToUnixTimeMilliseconds(), entry.Actor, entry.Address, entry.Action, entry.Target,
                Allowed = entry.Allowed ? 1 : 0, entry.Status, entry.BeforeJson, entry.AfterJson, entry.Detail,
            },
            transaction, cancellationToken: ct));

    public Task<IReadOnlyList<AuditEntry>> ReadAsync(DateTimeOffset? since = null, int limit = 1000, CancellationToken ct = default) =>
        QueryAsync("logged_at >= @Since ORDER BY audit_id", since, null, limit, ct);

    public Task<IReadOnlyList<AuditEntry>> ReadNewestAsync(DateTimeOffset? since, long? beforeId, int limit, CancellationToken ct = default) =>
        QueryAsync("logged_at >= @Since AND audit_id < @Before ORDER BY audit_id DESC", since, beforeId, limit, ct);

    private Task<IReadOnlyList<AuditEntry>> QueryAsync(string where, DateTimeOffset? since, long? beforeId, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return database.ReadAsync<IReadOnlyList<AuditEntry>>(async c =>
        {
            var rows = await c.QueryAsync<Row>(new CommandDefinition($"""
                SELECT audit_id AS Id, logged_at AS LoggedAt, actor AS Actor, address AS Address, action AS Action, target AS Target,
                       allowed AS Allowed, status AS Status, before_json AS BeforeJson, after_json AS AfterJson, detail AS Detail
                FROM audit_log WHERE {where} LIMIT @Limit
                """,
                new { Since = since?.ToUnixTimeMilliseconds() ?? long.MinValue, Before = beforeId ?? long.MaxValue, Limit = limit },
                cancellationToken: ct)).ConfigureAwait(false);
            return rows.Select(r => new AuditEntry
            {
                Id = r.Id, Time = DateTimeOffset.FromUnixTimeMilliseconds(r.LoggedAt), Actor = r.Actor, Address = r.Address, Action = r.Action,
                Target = r.Target, Allowed = r.Allowed != 0, Status = r.Status is { } s ? (int)s : null,
                BeforeJson = r.BeforeJson, AfterJson = r.AfterJson, Detail = r.Detail,
            }).ToList();
        }, ct);
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public long LoggedAt { get; set; }
        public string Actor { get; set; } = "";
        public string Address { get; set; } = "";
        public string Action { get; set; } = "";
        public string? Target { get; set; }
        public long Allowed { get; set; }
        public long? Status { get; set; }
        public string? BeforeJson { get; set; }
        public string? AfterJson { get; set; }
        public string? Detail { get; set; }
    }
}
