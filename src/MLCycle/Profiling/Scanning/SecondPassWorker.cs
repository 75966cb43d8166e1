namespace MLCycle.Profiling.Scanning;

/// <summary>
/// The second pass over one chunk, for what needs the first pass's answers: histogram bins over [min, max], tests
/// with fitted bounds (outliers), and where repeated rows and keys occur. Reads only the columns those need.
/// </summary>
internal sealed class SecondPassWorker : IRowSink
{
    private const ulong MissingHash = 0x2545F4914F6CDD1DUL;
    private readonly SecondPassPlan _plan;
    private readonly ulong[] _fieldHashes;
    private readonly object?[] _values;
    private readonly List<NumberProbe>?[] _probesByColumn;
    private readonly (double Low, double High)[] _safe;
    private long _reference;

    public SecondPassWorker(SecondPassPlan plan)
    {
        _plan = plan;
        var columns = plan.Wanted.Length;
        _fieldHashes = new ulong[columns];
        _values = new object?[columns];
        Bins = plan.Histograms.Select(h => h is null ? null : new long[h.Value.Bins]).ToArray();
        Probes = plan.Probes.Select(p => p.Fresh()).ToList();
        _probesByColumn = new List<NumberProbe>?[columns];
        foreach (var probe in Probes) (_probesByColumn[probe.Column] ??= []).Add(probe);
        // Per column, the range where no probe fires (most values, for outlier fences), checked before any probe runs.
        _safe = _probesByColumn.Select(list => list is null || list.Any(p => double.IsNaN(p.SafeLow))
            ? (double.NaN, double.NaN)
            : (list.Max(p => p.SafeLow), list.Min(p => p.SafeHigh))).ToArray();
        Rows = plan.RepeatedRows is null ? null : new RepeatFinder(plan.RepeatedRows);
        Keys = plan.RepeatedKeys.Select(k => k is null ? null : new RepeatFinder(k)).ToArray();
    }

    public long[]?[] Bins { get; }
    public List<NumberProbe> Probes { get; }
    public RepeatFinder? Rows { get; }
    public RepeatFinder?[] Keys { get; }

    public bool Wants(int column) => _plan.Wanted[column];

    public void BeginRow(long reference, ulong sampleKey) => _reference = reference;

    public void Number(int column, double value)
    {
        if (double.IsNaN(value))
        {
            Missing(column);
            return;
        }
        _fieldHashes[column] = HyperLogLog.Hash(value);
        if (_plan.KeyColumns[column]) _values[column] = value;   // boxed only where a key's value may be shown
        if (Bins[column] is { } bins)
        {
            var (min, width, count) = _plan.Histograms[column]!.Value;
            var bin = width > 0 ? (int)Math.Floor((value - min) / width * count) : 0;
            bins[Math.Clamp(bin, 0, count - 1)]++;
        }
        if (_probesByColumn[column] is { } probes && !(value >= _safe[column].Low && value <= _safe[column].High))
            foreach (var probe in probes) probe.Add(_reference, value);
    }

    public void Text(int column, ReadOnlySpan<char> value)
    {
        _fieldHashes[column] = HyperLogLog.Hash(value) ^ 0x9E37UL;
        _values[column] = _plan.KeyColumns[column] ? value.ToString() : null;
    }

    public void Missing(int column)
    {
        _fieldHashes[column] = MissingHash;
        _values[column] = null;
    }

    public void EndRow()
    {
        if (Rows is not null)
        {
            var hash = 0UL;
            foreach (var h in _fieldHashes) hash = HyperLogLog.Mix(hash ^ h) + 0x9E3779B97F4A7C15UL;
            Rows.Add(_reference, hash, () => null);
        }
        for (var k = 0; k < Keys.Length; k++)
        {
            if (Keys[k] is not { } finder) continue;
            var key = _plan.Keys[k];
            var hash = 0x51_7CC1_B727_220AUL;
            var missing = false;
            foreach (var c in key)
            {
                missing |= _fieldHashes[c] == MissingHash;
                hash = HyperLogLog.Mix(hash ^ _fieldHashes[c]);
            }
            if (missing) continue;
            finder.Add(_reference, hash == 0 ? 1 : hash, () => key.Select(c => _values[c]).ToArray());
        }
    }
}
