namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Finds where repeated hashes (duplicate rows or keys, known after the first pass) occur: per chunk, the first row of
/// each hash and the first few later ones, with the value to show; merged in chunk order, a chunk's "first" row of a hash
/// an earlier chunk already had is a repeat too.
/// </summary>
internal sealed class RepeatFinder(IReadOnlySet<ulong> repeated)
{
    private readonly Dictionary<ulong, (long Row, object? Value)> _first = [];
    private readonly List<(long Row, ulong Hash, object? Value)> _repeats = [];

    public IReadOnlySet<ulong> Repeated { get; } = repeated;

    public void Add(long row, ulong hash, Func<object?> value)
    {
        if (!Repeated.Contains(hash)) return;
        if (!_first.ContainsKey(hash))
        {
            _first[hash] = (row, value());
            return;
        }
        if (_repeats.Count < IssueContext.MaxExamples) _repeats.Add((row, hash, value()));
    }

    /// <summary>The first repeats over all chunks (given in chunk order): row number, number of the row it repeats, value.</summary>
    public static List<(long Row, long First, object? Value)> Examples(IReadOnlyList<RepeatFinder> chunks, RowNumbering numbering)
    {
        var first = new Dictionary<ulong, long>();
        var found = new List<(long Row, long First, object? Value)>();
        foreach (var chunk in chunks)
        {
            foreach (var (hash, (row, value)) in chunk._first)
                if (!first.TryAdd(hash, numbering.Number(row))) found.Add((numbering.Number(row), first[hash], value));
            foreach (var (row, hash, value) in chunk._repeats) found.Add((numbering.Number(row), first[hash], value));
        }
        return found.OrderBy(f => f.Row).Take(IssueContext.MaxExamples).ToList();
    }
}
