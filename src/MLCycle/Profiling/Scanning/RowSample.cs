namespace MLCycle.Profiling.Scanning;

/// <summary>
/// A uniform sample of at most <see cref="Capacity"/> rows: the rows with the smallest priorities, a hash of each row's
/// place in the source. Because priorities do not depend on how the source was split among workers, merging the workers'
/// samples gives the same rows on any number of cores; a table no bigger than the capacity is sampled whole.
/// Rows live in preallocated slots, numbers for columns whose kind stores numbers and texts for the others; when the
/// slots fill up, only the <see cref="Capacity"/> best are kept and the worst kept priority becomes the bar to enter.
/// That costs a sort now and then instead of a heap operation per row.
/// </summary>
internal sealed class RowSample
{
    private readonly int _slots;
    private readonly int[] _place;      // per column: index into its row's numbers (>= 0) or ~index into its texts
    private readonly int _numberColumns;
    private readonly int _textColumns;
    private readonly double[] _numbers;
    private readonly int[] _texts;   // codes into _strings; 0 is missing
    private readonly List<string?> _strings = [null];
    private readonly long[] _references;
    private readonly ulong[] _priorities;
    private ulong _bar;
    private int _used;

    /// <param name="bar">Rows with a priority at or above this are never sampled (<see cref="ScanPlan.SampleBarFor"/>).</param>
    public RowSample(int capacity, IReadOnlyList<bool> storesNumbers, ulong bar = ulong.MaxValue)
    {
        (Capacity, _bar) = (capacity, bar);
        _slots = capacity + capacity / 4 + 1;
        _place = new int[storesNumbers.Count];
        for (var c = 0; c < storesNumbers.Count; c++) _place[c] = storesNumbers[c] ? _numberColumns++ : ~_textColumns++;
        // Left uninitialised (each slot is filled when a row enters) so the pages of slots never used are never touched.
        _numbers = GC.AllocateUninitializedArray<double>(_slots * _numberColumns);
        _texts = GC.AllocateUninitializedArray<int>(_slots * _textColumns);
        _references = new long[_slots];
        _priorities = new ulong[_slots];
    }

    public int Capacity { get; }

    public static ulong Priority(ulong sampleKey) => HyperLogLog.Mix(sampleKey ^ 0x5DEECE66DUL);

    /// <summary>The slot the row takes when it enters the sample (cleared), or -1 when it does not.</summary>
    public int Enter(long reference, ulong priority)
    {
        if (priority >= _bar) return -1;
        if (_used == _slots)
        {
            Trim();
            if (priority >= _bar) return -1;
        }
        var slot = _used++;
        (_references[slot], _priorities[slot]) = (reference, priority);
        _numbers.AsSpan(slot * _numberColumns, _numberColumns).Fill(double.NaN);
        _texts.AsSpan(slot * _textColumns, _textColumns).Clear();
        return slot;
    }

    /// <summary>Stores a number; a text in a column that stores numbers is not kept (the sample's number stays NaN).</summary>
    public void SetNumber(int slot, int column, double value)
    {
        if (_place[column] >= 0) _numbers[slot * _numberColumns + _place[column]] = value;
    }

    public void SetText(int slot, int column, string value) => SetText(slot, column, Code(value));

    /// <summary>Stores a text by the code <see cref="Code"/> gave it, so a value sampled often is stored once.</summary>
    public void SetText(int slot, int column, int code)
    {
        if (_place[column] < 0) _texts[slot * _textColumns + ~_place[column]] = code;
    }

    /// <summary>A code for a text, valid in this sample only.</summary>
    public int Code(string value)
    {
        _strings.Add(value);
        return _strings.Count - 1;
    }

    /// <summary>
    /// The workers' samples together: the <see cref="Capacity"/> rows with the smallest priorities among them, in source
    /// order and column by column, read straight from each worker's slots, their references turned into 1-based row numbers.
    /// </summary>
    public static SampleTable Table(IReadOnlyList<RowSample> samples, RowNumbering numbering)
    {
        var first = samples[0];
        var picks = samples.SelectMany((sample, i) => Enumerable.Range(0, sample._used).Select(slot => (Sample: i, Slot: slot))).ToArray();
        if (picks.Length > first.Capacity)
        {
            var priorities = picks.Select(p => samples[p.Sample]._priorities[p.Slot]).ToArray();
            Array.Sort(priorities, picks);
            picks = picks[..first.Capacity];
        }
        var rows = picks.Select(p => numbering.Number(samples[p.Sample]._references[p.Slot])).ToArray();
        Array.Sort(rows, picks);
        var numbers = new double[]?[first._place.Length];
        var texts = new string?[]?[first._place.Length];
        // Columns are independent: read in parallel, as this sits between the parallel pass and the parallel summary.
        Parallel.For(0, first._place.Length, c =>
        {
            var place = first._place[c];
            if (place >= 0) numbers[c] = picks.Select(p => samples[p.Sample].NumberAt(p.Slot, place)).ToArray();
            else texts[c] = picks.Select(p => samples[p.Sample].TextAt(p.Slot, ~place)).ToArray();
        });
        return new SampleTable(rows, picks.Select(p => samples[p.Sample]._priorities[p.Slot]).ToArray(), numbers, texts);
    }

    private double NumberAt(int slot, int place) => _numbers[slot * _numberColumns + place];

    private string? TextAt(int slot, int place) => _strings[_texts[slot * _textColumns + place]];

    // Keeps the Capacity rows with the smallest priorities, packed at the front, and raises the bar to the largest kept.
    private void Trim()
    {
        if (_used <= Capacity) return;
        var order = Enumerable.Range(0, _used).ToArray();
        var keys = _priorities.AsSpan(0, _used).ToArray();
        Array.Sort(keys, order);
        var keep = order.AsSpan(0, Capacity).ToArray();
        Array.Sort(keep);   // moving rows forward in slot order never overwrites a row still to be moved
        for (var k = 0; k < keep.Length; k++)
        {
            var from = keep[k];
            if (from == k) continue;
            (_references[k], _priorities[k]) = (_references[from], _priorities[from]);
            _numbers.AsSpan(from * _numberColumns, _numberColumns).CopyTo(_numbers.AsSpan(k * _numberColumns));
            _texts.AsSpan(from * _textColumns, _textColumns).CopyTo(_texts.AsSpan(k * _textColumns));
        }
        _used = Capacity;
        _bar = keys[Capacity - 1];
    }
}
