namespace MLCycle.Server.Json;

/// <summary>A registered model as GET /v1/models lists it: its versions (oldest first) and aliases (alias -> version).</summary>
internal sealed record ModelSummary(
    string Name,
    string? Description,
    DateTimeOffset CreatedAt,
    int? LatestVersion,
    IReadOnlyDictionary<string, int> Aliases,
    IReadOnlyList<VersionSummary> Versions);
