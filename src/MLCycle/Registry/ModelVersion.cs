namespace MLCycle.Registry;

/// <summary>One registered version of a model: the run that produced it and where its package sits in the artifact store.</summary>
public sealed record ModelVersion(
    string Name,
    int Version,
    string RunId,
    string PackagePath,
    DateTimeOffset CreatedAt,
    string? Description = null);
