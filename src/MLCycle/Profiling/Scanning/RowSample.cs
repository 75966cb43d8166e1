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
    private readonly double[] _numbers;   // slot s's numbers from _numbersStart + s * _numberColumns on
    private readonly int _numbersStart;
    private readonly int[] _texts;        // codes into _strings; 0 is missing; slot s's from _textsStart + s * _textColumns on
    private readonly int _textsStart;
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
        // Left uninitialised (each slot is filled when a row enters) so the pages of slots never used are never touched;
        // on huge pages when large, so the pages that are touched cost few faults (docs/adr/0048).
        _numbers = HugePages.Allocate<double>(_slots * _numberColumns, out _numbersStart);
        _texts = HugePages.Allocate<int>(_slots * _textColumns, out _textsStart);
        _references = new long[_slots];
        _priorities = new ulong[_slots];
    }

    public int Capacity { get; }

    /// <summary>
    /// A priority bar that lets about 1.5 times <paramref name="capacity"/> of the estimated rows in: workers then keep only
    /// those rows instead of each keeping its own best <paramref name="capacity"/>. Without an estimate, or for a source not
    /// far above the capacity, every row may enter.
    /// </summary>
    public static ulong BarFor(int capacity, long? estimatedRows) =>
        estimatedRows is { } rows && rows > 4L * capacity ? (ulong)(1.5 * capacity / rows * ulong.MaxValue) : ulong.MaxValue;

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
        _numbers.AsSpan(_numbersStart + slot * _numberColumns, _numberColumns).Fill(double.NaN);
        _texts.AsSpan(_textsStart + slot * _textColumns, _textColumns).Clear();
        return slot;
    }

    /// <summary>Stores a number; a text in a column that stores numbers is not kept (the sample's number stays NaN).</summary>
    public void SetNumber(int slot, int column, double value)
    {
        if (_place[column] >= 0) _numbers[_numbersStart + slot * _numberColumns + _place[column]] = value;
    }

    public void SetText(int slot, int column, string value) => SetText(slot, column, Code(value));

    /// <summary>Stores a text by the code <see cref="Code"/> gave it, so a value sampled often is stored once.</summary>
    public void SetText(int slot, int column, int code)
    {
        if (_place[column] < 0) _texts[_textsStart + slot * _textColumns + ~_place[column]] = code;
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
        // Slots hold rows in source order (a trim keeps their order) and workers read chunks in source order, so the
        // picks below are in row order already; priorities differ for every row (a bijection of its place), so the
        // Capacity smallest are those at or below the Capacity-th, found by sorting the priorities alone.
        var bar = ulong.MaxValue;
        var total = samples.Sum(s => s._used);
        if (total > first.Capacity)
        {
            var all = new ulong[total];
            var at = 0;
            foreach (var sample in samples)
            {
                sample._priorities.AsSpan(0, sample._used).CopyTo(all.AsSpan(at));
                at += sample._used;
            }
            Array.Sort(all);
            bar = all[first.Capacity - 1];
        }
        var picks = new List<(RowSample Sample, int Slot)>(Math.Min(total, first.Capacity));
        foreach (var sample in samples)
            for (var slot = 0; slot < sample._used; slot++)
                if (sample._priorities[slot] <= bar) picks.Add((sample, slot));
        var rows = picks.Select(p => numbering.Number(p.Sample._references[p.Slot])).ToArray();
        var pickArray = picks.ToArray();
        for (var k = 1; k < rows.Length; k++)
            if (rows[k] < rows[k - 1])
            {
                Array.Sort(rows, pickArray);   // not expected (see above), but the table must be in row order whatever a feed does
                break;
            }
        var numbers = new double[]?[first._place.Length];
        var texts = new string?[]?[first._place.Length];
        for (var c = 0; c < first._place.Length; c++)
            if (first._place[c] >= 0) numbers[c] = new double[pickArray.Length];
            else texts[c] = new string?[pickArray.Length];
        // Row by row, so that each sampled row's slot is read once and in one piece.
        for (var k = 0; k < pickArray.Length; k++)
        {
            var (sample, slot) = pickArray[k];
            for (var c = 0; c < first._place.Length; c++)
            {
                var place = first._place[c];
                if (place >= 0) numbers[c]![k] = sample.NumberAt(slot, place);
                else texts[c]![k] = sample.TextAt(slot, ~place);
            }
        }
        return new SampleTable(rows, pickArray.Select(p => p.Sample._priorities[p.Slot]).ToArray(), numbers, texts);
    }

    private double NumberAt(int slot, int place) => _numbers[_numbersStart + slot * _numberColumns + place];

    private string? TextAt(int slot, int place) => _strings[_texts[_textsStart + slot * _textColumns + place]];

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
            _numbers.AsSpan(_numbersStart + from * _numberColumns, _numberColumns).CopyTo(_numbers.AsSpan(_numbersStart + k * _numberColumns));
            _texts.AsSpan(_textsStart + from * _textColumns, _textColumns).CopyTo(_texts.AsSpan(_textsStart + k * _textColumns));
        }
        _used = Capacity;
        _bar = keys[Capacity - 1];
    }
}
