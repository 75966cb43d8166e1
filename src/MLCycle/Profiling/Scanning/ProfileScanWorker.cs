namespace MLCycle.Profiling.Scanning;

/// <summary>
/// The first pass of a profile over one chunk: feeds every value to its column's accumulator, keeps the row sample,
/// hashes each row and each key candidate (for duplicates), and counts rows where a column equals the target.
/// </summary>
internal sealed class ProfileScanWorker : RowSink
{
    /// <summary>From this many columns on, numbers are added to their accumulators a block of rows at a time.</summary>
    public const int BlockedFrom = 100;
    private const int BlockRows = 64;

    private readonly ScanPlan _plan;
    // On wide data, adding each value as its row goes by touches every column's accumulator (moments, sketch, checks,
    // tally) once per row, and they no longer fit in the caches; buffered, a column's numbers of a block of rows are added
    // together while its accumulator stays in cache. Row-major, NaN where a row gave the column no number.
    private readonly double[]? _block;
    private readonly long[] _blockReferences = new long[BlockRows];
    private int _blockRow;
    private readonly ulong[] _fieldHashes;
    private readonly TextMemo[] _memos;
    private readonly Utf8Decoder _decoder = new();
    private int _slot = -1;
    private long _reference;

    /// <param name="expectedRows">Rows the worker will likely see: its hash lists start that big (untouched room costs no memory).</param>
    /// <param name="keepNumbers">The most numbers the worker keeps for the second pass (0: none, the second pass reads the source).</param>
    public ProfileScanWorker(ScanPlan plan, int expectedRows = 0, long keepNumbers = 0)
    {
        _plan = plan;
        Columns = plan.Columns.Select(c => new ColumnAccumulator(c, plan.Now)).ToArray();
        Sample = new RowSample(plan.SampleRows, plan.Columns.Select(c => Data.TableColumn.StoresNumbers(c.Kind)).ToList(), plan.SampleBar);
        RowHashes = new List<ulong>(expectedRows);
        KeyHashes = plan.Keys.Select(_ => new List<ulong>(expectedRows)).ToArray();
        TargetMatches = new long[plan.Columns.Count];
        _fieldHashes = new ulong[plan.Columns.Count];
        _memos = plan.Columns.Select(_ => new TextMemo()).ToArray();
        if (plan.Columns.Count >= BlockedFrom) _block = new double[BlockRows * plan.Columns.Count];
        if (keepNumbers > 0) Kept = new KeptNumbers(Columns.Select(c => c.StoresNumbers).ToList(), keepNumbers, expectedRows);
    }

    public ScanPlan Plan => _plan;
    public ColumnAccumulator[] Columns { get; }
    public RowSample Sample { get; }
    /// <summary>A hash of every row, in row order, for counting duplicate rows.</summary>
    public List<ulong> RowHashes { get; }
    /// <summary>Per key candidate, a hash of the key of every row where no key column is missing (0 where one is).</summary>
    public List<ulong>[] KeyHashes { get; }
    /// <summary>Per column, rows where it holds the same value as the target (both missing counts as the same).</summary>
    public long[] TargetMatches { get; }
    public long Rows { get; private set; }
    /// <summary>The numbers read, per number-storing column, when the plan kept them (null when not).</summary>
    public KeptNumbers? Kept { get; }

    public override bool Wants(int column) => true;

    public override void BeginRow(long reference, ulong sampleKey)
    {
        _reference = reference;
        _slot = Sample.Enter(reference, RowSample.Priority(sampleKey));
        Kept?.BeginRow();
        if (_block is null) return;
        _blockReferences[_blockRow] = reference;
        _block.AsSpan(_blockRow * Columns.Length, Columns.Length).Fill(double.NaN);
    }

    public override void Number(int column, double value)
    {
        Kept?.Set(column, value);
        if (double.IsNaN(value))
        {
            Missing(column);
            return;
        }
        var hash = HyperLogLog.Hash(value);
        // A column that keeps no numbers takes them at once, so its values stay in order with its texts.
        if (_block is not null && Columns[column].StoresNumbers) _block[_blockRow * Columns.Length + column] = value;
        else Columns[column].AddNumber(_reference, value, hash);
        _fieldHashes[column] = hash;
        if (_slot >= 0) Sample.SetNumber(_slot, column, value);
    }

    public override void Text(int column, ReadOnlySpan<char> value)
    {
        Kept?.Set(column, double.NaN);
        AddBuffered(column);
        Add(column, value);
    }

    // A value seen before is found by its bytes; a new one is decoded, tallied, and remembered while the tally takes it.
    public override void Text(int column, ReadOnlySpan<byte> utf8)
    {
        Kept?.Set(column, double.NaN);
        AddBuffered(column);
        var memo = _memos[column];
        var key = TextMemo.Key.Of(utf8);
        var found = memo.Find(utf8, key);
        if (found >= 0)
        {
            ref var slot = ref memo[found];
            Columns[column].AddRemembered(_reference, ref slot);
            _fieldHashes[column] = slot.FieldHash;
            if (_slot >= 0)
            {
                if (slot.SampleCode == 0) slot.SampleCode = Sample.Code(slot.Entry!.Text);
                Sample.SetText(_slot, column, slot.SampleCode);
            }
            return;
        }
        var (tallied, hash) = Add(column, _decoder.Decode(utf8));
        if (tallied is not null && memo.Count < ColumnAccumulator.MaxTalliedTexts)
            memo.Add(utf8, key, tallied, hash, Columns[column].Texts[tallied]);
    }

    /// <summary>Adds the occurrences the text memos counted to the tallies; call once the worker's chunk is read.</summary>
    public void Flush()
    {
        AddBlock(_blockRow);
        foreach (var memo in _memos) memo.Flush();
    }

    // Adds the block's first rows, column by column, and empties the block.
    private void AddBlock(int rows)
    {
        if (_block is null || rows == 0) return;
        for (var c = 0; c < Columns.Length; c++)
        {
            var accumulator = Columns[c];
            for (var r = 0; r < rows; r++)
            {
                var x = _block[r * Columns.Length + c];
                if (!double.IsNaN(x)) accumulator.AddNumber(_blockReferences[r], x, HyperLogLog.Hash(x));
            }
        }
        _blockRow = 0;
    }

    // Before a text joins a column that keeps numbers, the column's buffered numbers (this row's included) go in first,
    // so that first rows and examples are met in row order.
    private void AddBuffered(int column)
    {
        if (_block is null || !Columns[column].StoresNumbers) return;
        var accumulator = Columns[column];
        for (var r = 0; r <= _blockRow; r++)
        {
            ref var x = ref _block[r * Columns.Length + column];
            if (double.IsNaN(x)) continue;
            accumulator.AddNumber(_blockReferences[r], x, HyperLogLog.Hash(x));
            x = double.NaN;
        }
    }

    private (string? Tallied, ulong Hash) Add(int column, ReadOnlySpan<char> value)
    {
        var hash = HyperLogLog.Hash(value);
        var tallied = Columns[column].AddText(_reference, value, hash);
        _fieldHashes[column] = RowHash.Text(hash);
        if (_slot >= 0) Sample.SetText(_slot, column, tallied ?? value.ToString());
        return (tallied, hash);
    }

    public override void Missing(int column)
    {
        Kept?.Set(column, double.NaN);
        Columns[column].AddMissing();
        _fieldHashes[column] = RowHash.Missing;
    }

    public override void EndRow()
    {
        if (_block is not null && ++_blockRow == BlockRows) AddBlock(BlockRows);
        Rows++;
        RowHashes.Add(RowHash.Row(_fieldHashes));
        for (var k = 0; k < _plan.Keys.Count; k++) KeyHashes[k].Add(RowHash.Key(_fieldHashes, _plan.Keys[k]));
        if (_plan.Target >= 0)
        {
            var target = _fieldHashes[_plan.Target];
            for (var c = 0; c < _fieldHashes.Length; c++) if (_fieldHashes[c] == target) TargetMatches[c]++;
        }
    }
}
