namespace MLCycle.Access;

/// <summary>The append-only audit log: entries can be added and read, never changed or removed.</summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken ct = default);

    /// <summary>Up to <paramref name="limit"/> entries at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(DateTimeOffset? since = null, int limit = 1000, CancellationToken ct = default);

    /// <summary>Up to <paramref name="limit"/> entries at or after <paramref name="since"/> whose id is below <paramref name="beforeId"/>
    /// (all when null), newest first: a page of a keyset listing, continued from the last id of the page before.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadNewestAsync(DateTimeOffset? since, long? beforeId, int limit, CancellationToken ct = default);
}
