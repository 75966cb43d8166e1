using System.Buffers;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Sorts doubles, carrying an index with each, by least-significant-digit radix on their bits: a double's bits, with the
/// sign bit flipped for positives and every bit flipped for negatives, order as unsigned integers. Linear in the count,
/// several times faster than a comparison sort on a 100,000-row sample; bytes every value shares are skipped.
/// NaN must not be among the values.
/// </summary>
internal static class RadixSort
{
    private const int Digits = 8;

    /// <summary>Sorts <paramref name="values"/> ascending and moves <paramref name="items"/> with them.</summary>
    public static void Sort(Span<double> values, Span<int> items)
    {
        var n = values.Length;
        var pool = ArrayPool<ulong>.Shared;
        var (keys, spareKeys) = (pool.Rent(n), pool.Rent(n));
        var (index, spareIndex) = (ArrayPool<int>.Shared.Rent(n), ArrayPool<int>.Shared.Rent(n));
        try
        {
            var counts = new int[Digits * 256];
            for (var i = 0; i < n; i++)
            {
                var key = Key(values[i]);
                (keys[i], index[i]) = (key, items[i]);
                for (var d = 0; d < Digits; d++) counts[d * 256 + (int)((key >> (8 * d)) & 0xFF)]++;
            }
            for (var d = 0; d < Digits; d++)
            {
                var count = counts.AsSpan(d * 256, 256);
                if (count.Contains(n)) continue;   // every value has the same byte here
                var at = 0;
                for (var b = 0; b < 256; b++) (count[b], at) = (at, at + count[b]);
                var shift = 8 * d;
                for (var i = 0; i < n; i++)
                {
                    var to = count[(int)((keys[i] >> shift) & 0xFF)]++;
                    (spareKeys[to], spareIndex[to]) = (keys[i], index[i]);
                }
                (keys, spareKeys, index, spareIndex) = (spareKeys, keys, spareIndex, index);
            }
            for (var i = 0; i < n; i++) (values[i], items[i]) = (Value(keys[i]), index[i]);
        }
        finally
        {
            pool.Return(keys);
            pool.Return(spareKeys);
            ArrayPool<int>.Shared.Return(index);
            ArrayPool<int>.Shared.Return(spareIndex);
        }
    }

    private static ulong Key(double value)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(value);
        return (bits & SignBit) != 0 ? ~bits : bits | SignBit;
    }

    private static double Value(ulong key) => BitConverter.Int64BitsToDouble((long)((key & SignBit) != 0 ? key & ~SignBit : ~key));

    private const ulong SignBit = 1UL << 63;
}
