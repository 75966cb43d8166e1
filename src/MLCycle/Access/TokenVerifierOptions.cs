namespace MLCycle.Access;

/// <summary>How long a verified token is trusted without checking the store again, and how many are remembered.</summary>
public sealed record TokenVerifierOptions
{
    /// <summary>A revoked token or a changed grant takes effect on a running server within this time.</summary>
    public TimeSpan CacheFor { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxCached { get; init; } = 10_000;
}
