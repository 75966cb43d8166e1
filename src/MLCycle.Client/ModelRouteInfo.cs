namespace MLCycle.Client;

/// <summary>A shadow or canary route of a model's default reference: where it sends traffic (an alias or a version), the canary's
/// share in percent, and who set it when.</summary>
public sealed record ModelRouteInfo
{
    /// <summary>The model's name.</summary>
    public required string Name { get; init; }

    /// <summary>"Shadow" (scored beside the champion on every request, never answered) or "Canary" (answers a share of requests).</summary>
    public required string Kind { get; init; }

    /// <summary>The alias the route targets; null when it targets a version.</summary>
    public string? Alias { get; init; }

    /// <summary>The version the route targets; null when it targets an alias.</summary>
    public int? Version { get; init; }

    /// <summary>The canary's share of requests in percent; null for a shadow.</summary>
    public double? SharePercent { get; init; }

    /// <summary>Who set it.</summary>
    public string Actor { get; init; } = "";

    /// <summary>When.</summary>
    public DateTimeOffset Time { get; init; }
}
