namespace MLCycle.Profiling.Scanning;

/// <summary>
/// How a row and a key are hashed from their fields' hashes: the first pass counts repeats with these and the second
/// finds where they are, so both must compute exactly the same numbers.
/// </summary>
internal static class RowHash
{
    /// <summary>The field hash of a missing value.</summary>
    public const ulong Missing = 0x2545F4914F6CDD1DUL;

    /// <summary>A text value's field hash, kept apart from a number that happens to hash alike.</summary>
    public static ulong Text(ulong valueHash) => valueHash ^ 0x9E37UL;

    /// <summary>
    /// A polynomial in the field hashes (one multiply-add per field, odd multiplier), mixed once: field hashes are already
    /// well spread, so rows that differ anywhere differ here but for a chance of about 2^-64.
    /// </summary>
    public static ulong Row(ReadOnlySpan<ulong> fields)
    {
        var hash = 0UL;
        foreach (var h in fields) hash = hash * 0x9E3779B97F4A7C15UL + h;
        return HyperLogLog.Mix(hash);
    }

    /// <summary>The key's hash, or 0 when a key column is missing (such rows have no key to repeat).</summary>
    public static ulong Key(ReadOnlySpan<ulong> fields, IReadOnlyList<int> key)
    {
        var hash = 0x51_7CC1_B727_220AUL;
        foreach (var c in key)
        {
            if (fields[c] == Missing) return 0;
            hash = HyperLogLog.Mix(hash ^ fields[c]);
        }
        return hash == 0 ? 1 : hash;
    }
}
