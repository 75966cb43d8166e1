using System.Runtime.CompilerServices;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Counts per distinct number and the first rows of each, while a column has at most
/// <see cref="ColumnAccumulator.MaxTalliedNumbers"/> of them, in flat arrays (open addressing, at most half full) instead
/// of an object per value: a continuous column fills the tally within its first rows and throws it away, and on a
/// 2,000-column file millions of per-value objects made the first pass mostly garbage collection.
/// </summary>
internal sealed class NumberTally
{
    private double[] _keys = new double[16];
    private long[] _counts = new long[16];       // 0 marks an empty slot
    private long[] _firstRows = new long[16];
    private RowExamples?[] _rows = new RowExamples?[16];   // made on a value's second occurrence only

    public int Count { get; private set; }

    /// <summary>Counts one occurrence; false, counting nothing, when it would be a distinct value past the limit.</summary>
    /// <param name="hash">The value's <see cref="HyperLogLog.Hash(double)"/> (0 and -0 hash alike, as they compare equal).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per value: optimised at once, as tier-up lags while every core scans
    public bool Add(long row, double x, ulong hash)
    {
        var mask = _keys.Length - 1;
        for (var i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            if (_counts[i] == 0)
            {
                if (Count == ColumnAccumulator.MaxTalliedNumbers) return false;
                if (2 * (Count + 1) > _keys.Length)
                {
                    Grow();
                    return Add(row, x, hash);
                }
                (_keys[i], _counts[i], _firstRows[i]) = (x, 1, row);
                Count++;
                return true;
            }
            if (_keys[i] != x) continue;
            _counts[i]++;
            var rows = _rows[i];
            if (rows is null)
            {
                _rows[i] = rows = new RowExamples();
                rows.Add(_firstRows[i], null);
            }
            if (!rows.Full) rows.Add(row, null);
            return true;
        }
    }

    /// <summary>The tally as one <see cref="ValueTally"/> per value, for the checks that read it once the pass is done.</summary>
    public Dictionary<double, ValueTally> ToDictionary()
    {
        var tallies = new Dictionary<double, ValueTally>(Count);
        for (var i = 0; i < _keys.Length; i++)
        {
            if (_counts[i] == 0) continue;
            var tally = new ValueTally { Count = _counts[i] };
            if (_rows[i] is { } rows) tally.Rows.Merge(rows);
            else tally.Rows.Add(_firstRows[i], null);
            tallies[_keys[i]] = tally;
        }
        return tallies;
    }

    private void Grow()
    {
        var (keys, counts, firstRows, rows) = (_keys, _counts, _firstRows, _rows);
        var size = keys.Length * 2;
        (_keys, _counts, _firstRows, _rows) = (new double[size], new long[size], new long[size], new RowExamples?[size]);
        var mask = size - 1;
        for (var j = 0; j < keys.Length; j++)
        {
            if (counts[j] == 0) continue;
            var i = (int)HyperLogLog.Hash(keys[j]) & mask;
            while (_counts[i] != 0) i = (i + 1) & mask;
            (_keys[i], _counts[i], _firstRows[i], _rows[i]) = (keys[j], counts[j], firstRows[j], rows[j]);
        }
    }
}
