namespace MLCycle.Client;

/// <summary>A registered model with its newest version and its aliases (alias -> version).</summary>
public sealed record ModelInfo
{
    /// <summary>The model's name.</summary>
    public required string Name { get; init; }

    /// <summary>When it was registered.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Its description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>Its newest version; null when it has none.</summary>
    public ModelVersionInfo? LatestVersion { get; init; }

    /// <summary>Which version each alias points at.</summary>
    public IReadOnlyDictionary<string, int> Aliases { get; init; } = new Dictionary<string, int>();
}
