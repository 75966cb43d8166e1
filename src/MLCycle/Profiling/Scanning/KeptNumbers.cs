namespace MLCycle.Profiling.Scanning;

/// <summary>
/// The numbers one first-pass worker read, per number-storing column in row order (NaN where a row gave none), so that
/// the second pass can run over them instead of reading and parsing the file again (docs/adr/0021). Kept in fixed
/// blocks, so growing never copies; past its budget it lets everything go and the second pass streams the file. When a
/// stretch of rows is expected to fill its blocks, up to 64 columns' blocks share one array on huge pages, so that first
/// writes cost few page faults (docs/adr/0048); a stretch the rows may not fill keeps one array per column, so that a
/// short, wide file makes resident only the pages it writes.
/// </summary>
internal sealed class KeptNumbers
{
    private const int BlockShift = 16;   // 65,536 values, 512 KB, a block
    private const int BlockSize = 1 << BlockShift;
    private const int ColumnsPerSlab = 64;   // 32 MB: at most 16 huge pages, at least one of them filled

    private readonly int[] _kept;
    private readonly List<ReadOnlyMemory<double>>?[] _blocks;
    private readonly double[]?[] _current;
    private readonly int[] _offset;
    private readonly long _maxValues;
    private readonly long _expectedRows;
    private long _values;
    private int _at;

    /// <param name="keep">Per column, whether its numbers are kept.</param>
    /// <param name="maxValues">The most values this worker may hold, all columns together.</param>
    /// <param name="expectedRows">The rows this worker will likely see (0: unknown, no huge pages).</param>
    public KeptNumbers(IReadOnlyList<bool> keep, long maxValues, long expectedRows = 0)
    {
        _kept = Enumerable.Range(0, keep.Count).Where(c => keep[c]).ToArray();
        _blocks = new List<ReadOnlyMemory<double>>?[keep.Count];
        foreach (var c in _kept) _blocks[c] = [];
        _current = new double[]?[keep.Count];
        _offset = new int[keep.Count];
        (_maxValues, _expectedRows) = (maxValues, expectedRows);
    }

    /// <summary>Whether the budget ran out, so nothing is kept.</summary>
    public bool Abandoned { get; private set; }

    public long Rows { get; private set; }

    public bool Keeps(int column) => !Abandoned && _blocks[column] is not null;

    /// <summary>Starts the next row; each kept column must then get exactly one <see cref="Set"/>.</summary>
    public void BeginRow()
    {
        _at = (int)(Rows & (BlockSize - 1));
        if (_at == 0 && !Abandoned) NewBlocks();
        Rows++;
    }

    public void Set(int column, double value)
    {
        if (_current[column] is { } slab) slab[_offset[column] + _at] = value;
    }

    /// <summary>The column's values in row order, block by block (the last block only partly filled).</summary>
    public IEnumerable<ReadOnlyMemory<double>> Blocks(int column)
    {
        var left = Rows;
        foreach (var block in _blocks[column]!)
        {
            var n = (int)Math.Min(block.Length, left);
            left -= n;
            yield return block[..n];
        }
    }

    private void NewBlocks()
    {
        _values += (long)BlockSize * _kept.Length;
        if (_values > _maxValues)
        {
            Abandoned = true;
            Array.Clear(_current);
            foreach (var c in _kept) _blocks[c] = null;
            return;
        }
        // Every slot is written before it is read, so no block need be zeroed first. One column's block alone (512 KB) is
        // an ordinary array.
        var perSlab = Rows + BlockSize <= _expectedRows ? ColumnsPerSlab : 1;
        for (var first = 0; first < _kept.Length; first += perSlab)
        {
            var columns = Math.Min(perSlab, _kept.Length - first);
            var slab = HugePages.Allocate<double>(BlockSize * columns, out var start);
            for (var k = 0; k < columns; k++)
            {
                var c = _kept[first + k];
                var offset = start + k * BlockSize;
                _blocks[c]!.Add(slab.AsMemory(offset, BlockSize));
                (_current[c], _offset[c]) = (slab, offset);
            }
        }
    }
}
