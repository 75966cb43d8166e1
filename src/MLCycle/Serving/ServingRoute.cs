namespace MLCycle.Serving;

/// <summary>What a reference serves once its routes are applied: the primary model, and for a bare name the shadow scored beside it and
/// the canary answering <see cref="CanarySharePercent"/> of the requests. A route whose target could not be loaded is left out and its
/// reason kept, so serving goes on with the primary and the failure can be counted.</summary>
public sealed record ServingRoute(CachedModel Primary)
{
    public CachedModel? Shadow { get; init; }
    public CachedModel? Canary { get; init; }
    public double CanarySharePercent { get; init; }
    public string? ShadowError { get; init; }
    public string? CanaryError { get; init; }

    /// <summary>The model that answers one request: the canary for its share of draws, else the primary.</summary>
    public (CachedModel Model, bool IsCanary) Pick(CanarySampler sampler)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        return Canary is { } canary && sampler.NextPercent() < CanarySharePercent ? (canary, true) : (Primary, false);
    }
}
