namespace MLCycle.Registry;

/// <summary>One registered version of a model: the run that produced it, where its package sits in the artifact store and the
/// package's hash (<see cref="ModelPackage.HashPackageAsync"/>; null for versions registered before packages were hashed).</summary>
public sealed record ModelVersion(
    string Name,
    int Version,
    string RunId,
    string PackagePath,
    DateTimeOffset CreatedAt,
    string? Description = null,
    string? PackageSha256 = null);
