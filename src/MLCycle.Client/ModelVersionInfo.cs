namespace MLCycle.Client;

/// <summary>One registered version of a model: the run that produced it and where its package is kept.</summary>
public sealed record ModelVersionInfo
{
    /// <summary>The model's name.</summary>
    public required string Name { get; init; }

    /// <summary>The version number, from 1.</summary>
    public required int Version { get; init; }

    /// <summary>The run that produced it.</summary>
    public required string RunId { get; init; }

    /// <summary>Where its package sits in the server's artifact store.</summary>
    public string PackagePath { get; init; } = "";

    /// <summary>When it was registered.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Its description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>The SHA-256 of its package; null for versions registered before packages were hashed.</summary>
    public string? PackageSha256 { get; init; }
}
