namespace MLCycle.Training.Neural;

/// <summary>
/// SplitMix64: a small, fast generator whose whole state is one number, so every shard and step can derive its own
/// stream from the seed (<see cref="Derive"/>) and draw the same numbers whichever thread runs it.
/// </summary>
internal struct SplitMix(ulong seed)
{
    private ulong _state = seed;

    public ulong NextULong()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A float in [0, 1) with 24 random bits.</summary>
    public float NextFloat() => (NextULong() >> 40) * (1f / (1 << 24));

    /// <summary>An integer in [0, count).</summary>
    public int NextInt(int count) => (int)(((NextULong() >> 32) * (ulong)count) >> 32);

    /// <summary>A standard normal draw (Box-Muller).</summary>
    public double NextGaussian()
    {
        var u1 = ((NextULong() >> 11) + 1) * (1.0 / (1UL << 53));
        var u2 = (NextULong() >> 11) * (1.0 / (1UL << 53));
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A seed for an independent stream named by <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static ulong Derive(ulong seed, ulong a, ulong b)
    {
        var mix = new SplitMix(seed ^ (a * 0xD1B54A32D192ED03UL) ^ (b * 0xABC98388FB8FAC03UL));
        mix.NextULong();
        return mix.NextULong();
    }
}
