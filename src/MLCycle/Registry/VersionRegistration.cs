namespace MLCycle.Registry;

/// <summary>Everything a finished run publishes in one registry transaction: the new version with its package hash,
/// the alias decided for it (with who and why, for the alias history) and, optionally, the end of the run itself.</summary>
public sealed record VersionRegistration
{
    public required string Name { get; init; }
    public required string RunId { get; init; }
    /// <summary>The package's path inside the artifact store; the package must already be there.</summary>
    public required string PackagePath { get; init; }
    /// <summary>The version number the run announced (in its report) before registering; if another registration took it
    /// meanwhile, nothing is written and a conflict is raised. Null takes the next number, whatever it is.</summary>
    public int? Version { get; init; }
    /// <summary>The hash of the whole package, manifest included (<see cref="ModelPackage.HashPackageAsync"/>).</summary>
    public string? PackageSha256 { get; init; }
    public string? Description { get; init; }
    /// <summary>The alias to point at the new version, or null to move none.</summary>
    public string? Alias { get; init; }
    public string Actor { get; init; } = Environment.UserName;
    public string? Reason { get; init; }
    /// <summary>Ends the run as Finished in the same transaction, so a registered version never belongs to a Running run.</summary>
    public bool FinishRun { get; init; }
    /// <summary>Refuses (as a conflict) a run that already has a version of any model, so a retried publish cannot register twice.</summary>
    public bool OncePerRun { get; init; }
}
