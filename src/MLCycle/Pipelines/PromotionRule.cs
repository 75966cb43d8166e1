namespace MLCycle.Pipelines;

/// <summary>How a challenger earns the champion alias: by scoring better, or (<c>promote_if: significant</c>) by a paired test too.</summary>
public sealed record PromotionRule
{
    public bool RequireSignificance { get; init; }
    /// <summary>Seeds the paired bootstrap, so a rerun reaches the same decision.</summary>
    public int Seed { get; init; } = 42;
}
