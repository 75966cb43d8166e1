namespace MLCycle.Profiling.Scanning;

/// <summary>One sampled row: numbers (NaN when missing or not a number) and texts (null when missing or a number), per column.</summary>
internal sealed class SampledRow(long reference, ulong priority, int columns)
{
    public long Reference { get; set; } = reference;
    public ulong Priority { get; } = priority;
    public double[] Numbers { get; } = NaNs(columns);
    public string?[] Texts { get; } = new string?[columns];

    private static double[] NaNs(int columns)
    {
        var values = new double[columns];
        Array.Fill(values, double.NaN);
        return values;
    }
}

/// <summary>
/// A uniform sample of at most <see cref="Capacity"/> rows: the rows with the smallest priorities, a hash of each row's
/// place in the source. Because priorities do not depend on how the source was split among workers, merging the workers'
/// samples gives the same rows on any number of cores; a table no bigger than the capacity is sampled whole.
/// </summary>
internal sealed class RowSample(int capacity)
{
    private readonly PriorityQueue<SampledRow, ulong> _heap = new(Comparer<ulong>.Create((a, b) => b.CompareTo(a)));

    public int Capacity { get; } = capacity;

    public static ulong Priority(ulong sampleKey) => HyperLogLog.Mix(sampleKey ^ 0x5DEECE66DUL);

    public bool Wants(ulong priority) => _heap.Count < Capacity || priority < _heap.Peek().Priority;

    public void Add(SampledRow row)
    {
        if (_heap.Count < Capacity) _heap.Enqueue(row, row.Priority);
        else if (row.Priority < _heap.Peek().Priority) _heap.EnqueueDequeue(row, row.Priority);
    }

    public void Merge(RowSample other)
    {
        foreach (var (row, _) in other._heap.UnorderedItems) Add(row);
    }

    /// <summary>The sampled rows in source order, their references turned into 1-based row numbers.</summary>
    public IReadOnlyList<SampledRow> Rows(RowNumbering numbering)
    {
        var rows = _heap.UnorderedItems.Select(i => i.Element).ToList();
        foreach (var row in rows) row.Reference = numbering.Number(row.Reference);
        rows.Sort((a, b) => a.Reference.CompareTo(b.Reference));
        return rows;
    }
}
