namespace MLCycle.Server.Json;

/// <summary>A model version as GET /v1/models lists it.</summary>
internal sealed record VersionSummary(int Version, string RunId, DateTimeOffset CreatedAt, string? Description);
