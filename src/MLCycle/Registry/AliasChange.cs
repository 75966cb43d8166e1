namespace MLCycle.Registry;

/// <summary>One move of an alias: who pointed it from which version (null when new) to which (null when deleted), and why.</summary>
public sealed record AliasChange(
    string Name,
    string Alias,
    int? FromVersion,
    int? ToVersion,
    string Actor,
    string? Reason,
    DateTimeOffset Time)
{
    /// <summary>The approval request whose approval made this move; null for direct moves and rollbacks.</summary>
    public long? RequestId { get; init; }
}
