namespace MLCycle.Client;

/// <summary>One move of an alias: who pointed it from which version (null when new) to which (null when deleted), and why.</summary>
public sealed record AliasChangeInfo
{
    /// <summary>The model's name.</summary>
    public required string Name { get; init; }

    /// <summary>The alias that moved.</summary>
    public required string Alias { get; init; }

    /// <summary>The version it pointed at before; null when it was new.</summary>
    public int? FromVersion { get; init; }

    /// <summary>The version it points at after; null when it was deleted.</summary>
    public int? ToVersion { get; init; }

    /// <summary>Who moved it.</summary>
    public string Actor { get; init; } = "";

    /// <summary>Why.</summary>
    public string? Reason { get; init; }

    /// <summary>When.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The approval request whose approval made this move; null for direct moves and rollbacks.</summary>
    public long? RequestId { get; init; }
}
