using System.Runtime.CompilerServices;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// The second pass over one chunk, for what needs the first pass's answers: histogram bins over [min, max], tests
/// with fitted bounds (outliers), and where repeated rows and keys occur. Reads only the columns those need.
/// </summary>
internal sealed class SecondPassWorker : RowSink
{
    private readonly SecondPassPlan _plan;
    private readonly ulong[] _fieldHashes;
    private readonly object?[] _values;
    private readonly List<NumberProbe>?[] _probesByColumn;
    private readonly (double Low, double High)[] _safe;
    private readonly Utf8Decoder _decoder = new();
    private readonly bool _hashes;   // only finding repeated rows or keys needs the field hashes
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
        _hashes = Rows is not null || Keys.Any(k => k is not null);
    }

    public long[]?[] Bins { get; }
    public List<NumberProbe> Probes { get; }
    public RepeatFinder? Rows { get; }
    public RepeatFinder?[] Keys { get; }

    public override bool Wants(int column) => _plan.Wanted[column];

    public override void BeginRow(long reference, ulong sampleKey) => _reference = reference;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per value: optimised at once, as tier-up lags while every core scans
    public override void Number(int column, double value)
    {
        if (double.IsNaN(value))
        {
            Missing(column);
            return;
        }
        if (_hashes) _fieldHashes[column] = HyperLogLog.Hash(value);
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

    /// <summary>
    /// The same as a pass over one column of the chunk's rows, from the numbers the first pass kept (NaN: no number);
    /// only for a plan that locates no repeated rows or keys, as those need every field of a row together.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per value, as Number is
    public void Replay(int chunk, int column, KeptNumbers numbers)
    {
        // Number's work for one column, with what it looks up per value looked up once.
        var bins = Bins[column];
        var (min, width, count) = _plan.Histograms[column] ?? (0, 0, 1);
        var probes = _probesByColumn[column];
        var (low, high) = _safe[column];
        long row = 0;
        foreach (var block in numbers.Blocks(column))
        {
            foreach (var value in block.Span)
            {
                var at = row++;
                if (double.IsNaN(value)) continue;
                if (bins is not null)
                {
                    var bin = width > 0 ? (int)Math.Floor((value - min) / width * count) : 0;
                    bins[Math.Clamp(bin, 0, count - 1)]++;
                }
                if (probes is not null && !(value >= low && value <= high))
                    foreach (var probe in probes) probe.Add(RowReference.Of(chunk, at), value);
            }
        }
    }

    public override void Text(int column, ReadOnlySpan<char> value)
    {
        if (_hashes) _fieldHashes[column] = RowHash.Text(HyperLogLog.Hash(value));
        _values[column] = _plan.KeyColumns[column] ? value.ToString() : null;
    }

    public override void Text(int column, ReadOnlySpan<byte> utf8) => Text(column, _decoder.Decode(utf8));

    public override void Missing(int column)
    {
        _fieldHashes[column] = RowHash.Missing;
        _values[column] = null;
    }

    public override void EndRow()
    {
        if (Rows is not null)
        {
            Rows.Add(_reference, RowHash.Row(_fieldHashes), () => null);
        }
        for (var k = 0; k < Keys.Length; k++)
        {
            if (Keys[k] is not { } finder) continue;
            var key = _plan.Keys[k];
            if (RowHash.Key(_fieldHashes, key) is var hash and not 0) finder.Add(_reference, hash, () => key.Select(c => _values[c]).ToArray());
        }
    }
}
