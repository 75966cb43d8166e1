namespace MLCycle.Pipelines;

/// <summary>The <c>split</c> section: the held-out test share, the seed and whether to stratify by the target.</summary>
public sealed record SplitSpec
{
    /// <summary>Share of rows held out for testing, in (0, 1).</summary>
    public double Test { get; init; } = 0.2;
    public int Seed { get; init; } = 42;
    public bool Stratify { get; init; } = true;
}
