namespace MLCycle.Access;

/// <summary>A user as `mlcycle users list` shows it: never a token or a hash.</summary>
public sealed record UserSummary(string Name, bool IsAdmin, DateTimeOffset CreatedAt, int ActiveTokens, IReadOnlyList<Grant> Grants);
