namespace MLCycle.Data.Snapshots;

/// <summary>
/// A run's data, read once: the typed table every stage shares, where it came from, and the SHA-256 of the bytes read
/// (docs/adr/0011). Validation, bias checks, the profile and training take this, never the path.
/// </summary>
/// <param name="Table">The rows with their final column kinds.</param>
/// <param name="Name">The source as the user named it, for messages.</param>
/// <param name="Fingerprint">The SHA-256 of the source file in lower-case hex; null for a folder, glob, database or address.</param>
public sealed record DataSnapshot(Table Table, string Name, string? Fingerprint)
{
    /// <summary>The columns with their kinds, in file order.</summary>
    public IReadOnlyList<ColumnInfo> Schema { get; } = Table.Schema.ToList();
}
