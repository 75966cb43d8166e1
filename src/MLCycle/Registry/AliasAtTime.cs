namespace MLCycle.Registry;

/// <summary>The version an alias pointed to at a moment, the move that put it there (who, when, why) and, when the move was
/// an approval, the request and who asked for it.</summary>
public sealed record AliasAtTime(
    string Alias,
    int Version,
    string MovedBy,
    DateTimeOffset MovedAt,
    string? Reason,
    long? RequestId,
    string? RequestedBy);
