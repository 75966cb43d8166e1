namespace MLCycle.Profiling.Scanning;

/// <summary>One sampled row: numbers (NaN when missing or not a number) and texts (null when missing or a number), per column.</summary>
internal sealed class SampledRow(long reference, ulong priority, double[] numbers, string?[] texts)
{
    public long Reference { get; } = reference;
    public ulong Priority { get; } = priority;
    public double[] Numbers { get; } = numbers;
    public string?[] Texts { get; } = texts;
}

/// <summary>
/// A uniform sample of at most <see cref="Capacity"/> rows: the rows with the smallest priorities, a hash of each row's
/// place in the source. Because priorities do not depend on how the source was split among workers, merging the workers'
/// samples gives the same rows on any number of cores; a table no bigger than the capacity is sampled whole. Rows live in
/// preallocated slots (a row that enters takes the slot of the one it pushes out), so sampling allocates nothing per row.
/// </summary>
internal sealed class RowSample
{
    private readonly int _columns;
    private readonly PriorityQueue<int, ulong> _heap = new(Comparer<ulong>.Create((a, b) => b.CompareTo(a)));
    private readonly double[] _numbers;
    private readonly string?[] _texts;
    private readonly long[] _references;
    private readonly ulong[] _priorities;
    private int _used;

    public RowSample(int capacity, int columns)
    {
        (Capacity, _columns) = (capacity, columns);
        _numbers = new double[capacity * columns];
        _texts = new string?[capacity * columns];
        _references = new long[capacity];
        _priorities = new ulong[capacity];
    }

    public int Capacity { get; }

    public static ulong Priority(ulong sampleKey) => HyperLogLog.Mix(sampleKey ^ 0x5DEECE66DUL);

    /// <summary>The slot the row takes when it enters the sample (cleared), or -1 when it does not.</summary>
    public int Enter(long reference, ulong priority)
    {
        int slot;
        if (_used < Capacity) slot = _used++;
        else if (priority < _priorities[_heap.Peek()]) slot = _heap.Dequeue();
        else return -1;
        _heap.Enqueue(slot, priority);
        (_references[slot], _priorities[slot]) = (reference, priority);
        _numbers.AsSpan(slot * _columns, _columns).Fill(double.NaN);
        _texts.AsSpan(slot * _columns, _columns).Clear();
        return slot;
    }

    public void SetNumber(int slot, int column, double value) => _numbers[slot * _columns + column] = value;

    public void SetText(int slot, int column, string value) => _texts[slot * _columns + column] = value;

    public void Merge(RowSample other)
    {
        for (var s = 0; s < other._used; s++)
        {
            var slot = Enter(other._references[s], other._priorities[s]);
            if (slot < 0) continue;
            other._numbers.AsSpan(s * _columns, _columns).CopyTo(_numbers.AsSpan(slot * _columns));
            other._texts.AsSpan(s * _columns, _columns).CopyTo(_texts.AsSpan(slot * _columns));
        }
    }

    /// <summary>The sampled rows in source order, their references turned into 1-based row numbers.</summary>
    public IReadOnlyList<SampledRow> Rows(RowNumbering numbering)
    {
        var rows = new List<SampledRow>(_used);
        for (var s = 0; s < _used; s++)
            rows.Add(new SampledRow(numbering.Number(_references[s]), _priorities[s],
                _numbers.AsSpan(s * _columns, _columns).ToArray(), _texts.AsSpan(s * _columns, _columns).ToArray()));
        rows.Sort((a, b) => a.Reference.CompareTo(b.Reference));
        return rows;
    }
}
