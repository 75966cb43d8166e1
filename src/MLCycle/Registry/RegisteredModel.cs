namespace MLCycle.Registry;

/// <summary>A named model in the registry with its newest version and its aliases (alias -> version).</summary>
public sealed record RegisteredModel(
    string Name,
    DateTimeOffset CreatedAt,
    string? Description,
    ModelVersion? LatestVersion,
    IReadOnlyDictionary<string, int> Aliases);
