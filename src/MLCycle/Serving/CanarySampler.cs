namespace MLCycle.Serving;

/// <summary>Draws which requests go to a canary. Unseeded it uses the thread-safe, lock-free <see cref="Random.Shared"/>
/// (xoshiro256**); seeded (tests, reproducible replays) one generator behind a lock, so the sequence of draws is fixed.</summary>
public sealed class CanarySampler(int? seed = null)
{
    private readonly Random? seeded = seed is { } s ? new Random(s) : null;
    private readonly Lock gate = new();

    /// <summary>A uniform draw in [0, 100).</summary>
    public double NextPercent()
    {
        if (seeded is null) return Random.Shared.NextDouble() * 100;
        lock (gate)
        {
            return seeded.NextDouble() * 100;
        }
    }
}
