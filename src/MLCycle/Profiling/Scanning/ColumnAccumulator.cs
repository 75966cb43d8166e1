using System.Runtime.CompilerServices;
using MLCycle.Data;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Everything one pass learns about one column, in bounded memory: moments of its numbers, a tally of its values while
/// they are few (exact counts and first rows per value), a HyperLogLog sketch for many, the range checks, and the
/// first present rows. One per column per worker; workers' accumulators merge.
/// </summary>
internal sealed class ColumnAccumulator
{
    /// <summary>Numeric columns tally at most this many distinct numbers (enough for top values of code-like columns).</summary>
    public const int MaxTalliedNumbers = 1_000;
    /// <summary>Text values are tallied up to this many distinct; later new values are only sorted into <see cref="TextOverflow"/>.</summary>
    public const int MaxTalliedTexts = 10_000;

    private Dictionary<string, ValueTally>.AlternateLookup<ReadOnlySpan<char>> _textLookup;
    private bool _firstPresentFull;
    // The numbers are counted in a compact tally during the scan, and turned into ValueTally objects when first read.
    private NumberTally? _tally;
    private Dictionary<double, ValueTally>? _numbers;

    public ColumnAccumulator(ColumnInfo info, double now)
    {
        Info = info;
        StoresNumbers = TableColumn.StoresNumbers(info.Kind);
        Texts = new Dictionary<string, ValueTally>(StringComparer.Ordinal);
        _textLookup = Texts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (StoresNumbers)
        {
            _tally = new NumberTally();
            Checks = new NumberChecks(now);
        }
    }

    public ColumnInfo Info { get; }
    public bool StoresNumbers { get; }
    public long Missing;
    /// <summary>The numbers read (numeric-like kinds only).</summary>
    public NumberMoments Moments = new();
    /// <summary>Counts per number while at most <see cref="MaxTalliedNumbers"/> distinct; null once exceeded.</summary>
    public Dictionary<double, ValueTally>? Numbers
    {
        get
        {
            if (_tally is not null) (_numbers, _tally) = (_tally.ToDictionary(), null);
            return _numbers;
        }
        private set => (_numbers, _tally) = (value, null);
    }
    /// <summary>Counts per text value (for numeric-like kinds: the values that were not numbers); frozen when full.</summary>
    public Dictionary<string, ValueTally> Texts { get; private set; }
    public bool TextsOverflowed { get; private set; }
    public readonly TextOverflow Overflow = new();
    public readonly HyperLogLog Sketch = new();
    public NumberChecks? Checks { get; }
    public long TextValues;
    public long TextLength;
    public long TextWithSpace;
    public readonly RowExamples FirstPresent = new();

    public long Present => Moments.Count + TextValues;

    public void AddMissing() => Missing++;

    /// <param name="hash">The value's <see cref="HyperLogLog.Hash(double)"/>, computed once by the worker.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per value: optimised at once, as tier-up lags while every core scans
    public void AddNumber(long row, double x, ulong hash)
    {
        if (double.IsNaN(x))
        {
            Missing++;
            return;
        }
        Moments.Add(x);
        Sketch.Add(hash);
        if (!_firstPresentFull) AddFirstPresent(row, x);
        Checks?.Add(row, x);
        if (_tally is not null)
        {
            if (!_tally.Add(row, x, hash)) _tally = null;
            return;
        }
        // Only after the tally was read (a feed that goes on adding): count in the dictionary itself.
        if (_numbers is null) return;
        if (_numbers.TryGetValue(x, out var tally))
        {
            tally.Count++;
            if (!tally.Rows.Full) tally.Rows.Add(row, null);
        }
        else if (_numbers.Count < MaxTalliedNumbers) _numbers[x] = New(row);
        else _numbers = null;
    }

    /// <param name="hash">The value's <see cref="HyperLogLog.Hash(ReadOnlySpan{char})"/>, computed once by the worker.</param>
    /// <returns>The tally's string for the value (shared, not a copy), or null when the value was not tallied.</returns>
    public string? AddText(long row, ReadOnlySpan<char> text, ulong hash)
    {
        TextValues++;
        TextLength += text.Length;
        if (text.Contains(' ')) TextWithSpace++;
        if (!_firstPresentFull) AddFirstPresent(row, text.ToString());
        if (_textLookup.TryGetValue(text, out var key, out var tally))
        {
            tally.Count++;
            if (!tally.Rows.Full) tally.Rows.Add(row, null);
            return key;
        }
        if (Texts.Count < MaxTalliedTexts)
        {
            key = text.ToString();
            Texts[key] = New(row);
            return key;
        }
        // The sketch is only needed once the tally is full: it then takes the tallied values once and every later one.
        if (!TextsOverflowed)
            foreach (var tallied in Texts.Keys) Sketch.Add(HyperLogLog.Hash(tallied));
        TextsOverflowed = true;
        Sketch.Add(hash);
        Overflow.Add(row, text);
        return null;
    }

    /// <summary>
    /// Counts one more occurrence of a value already tallied, found by its bytes (the same effect as <see cref="AddText"/>;
    /// the count itself waits in the slot until <see cref="TextMemo.Flush"/>).
    /// </summary>
    public void AddRemembered(long row, ref TextMemo.Slot slot)
    {
        TextValues++;
        TextLength += slot.Chars;
        if (slot.HasSpace) TextWithSpace++;
        if (!_firstPresentFull) AddFirstPresent(row, slot.Entry!.Text);
        slot.Pending++;
        if (slot.RowsFull) return;
        var rows = slot.Entry!.Tally.Rows;
        rows.Add(row, null);
        slot.RowsFull = rows.Full;
    }

    private void AddFirstPresent(long row, object value)
    {
        FirstPresent.Add(row, value);
        _firstPresentFull = FirstPresent.Full;
    }

    public void Merge(ColumnAccumulator other)
    {
        Missing += other.Missing;
        Moments.Merge(other.Moments);
        Sketch.Merge(other.Sketch);
        Checks?.Merge(other.Checks!);
        FirstPresent.Merge(other.FirstPresent);
        (TextValues, TextLength, TextWithSpace) = (TextValues + other.TextValues, TextLength + other.TextLength, TextWithSpace + other.TextWithSpace);
        Overflow.Merge(other.Overflow);
        TextsOverflowed |= other.TextsOverflowed;
        foreach (var (key, tally) in other.Texts)
            if (Texts.TryGetValue(key, out var mine)) mine.Merge(tally);
            else Texts[key] = tally;
        if (Texts.Count > MaxTalliedTexts) TextsOverflowed = true;
        // Either side's tally may be missing from its sketch; adding a value to a sketch twice changes nothing.
        if (TextsOverflowed)
            foreach (var key in Texts.Keys) Sketch.Add(HyperLogLog.Hash(key));
        _textLookup = Texts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (Numbers is null || other.Numbers is null)
        {
            Numbers = null;
            return;
        }
        foreach (var (key, tally) in other.Numbers)
            if (Numbers.TryGetValue(key, out var mine)) mine.Merge(tally);
            else Numbers[key] = tally;
        if (Numbers.Count > MaxTalliedNumbers) Numbers = null;
    }

    public void Resolve(RowNumbering numbering)
    {
        FirstPresent.Resolve(numbering);
        Checks?.Resolve(numbering);
        Overflow.Resolve(numbering);
        foreach (var tally in Texts.Values) tally.Rows.Resolve(numbering);
        if (Numbers is not null) foreach (var tally in Numbers.Values) tally.Rows.Resolve(numbering);
    }

    private static ValueTally New(long row)
    {
        var tally = new ValueTally { Count = 1 };
        tally.Rows.Add(row, null);
        return tally;
    }
}
