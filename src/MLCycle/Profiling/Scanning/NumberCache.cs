namespace MLCycle.Profiling.Scanning;

/// <summary>
/// The numbers of one chunk's numeric columns, kept from the first pass (NaN where missing or not a number) so the
/// second pass, which only needs those columns for histograms and outlier counts, replays them instead of parsing the
/// file again. It gives up (and frees its memory) past a byte budget, and the second pass then reads the file.
/// </summary>
internal sealed class NumberCache(IReadOnlyList<int> columns, long budgetBytes)
{
    private const int BlockSize = 1 << 16;
    private readonly int[] _columns = columns.ToArray();
    private readonly List<double[]>[] _blocks = columns.Select(_ => new List<double[]>()).ToArray();
    private readonly double[][] _current = new double[columns.Count][];
    private long _rows;

    /// <summary>The cached columns, by position in the table.</summary>
    public IReadOnlyList<int> Columns => _columns;

    public bool Abandoned { get; private set; }

    public long Rows => _rows;

    /// <summary>Appends one row; <paramref name="values"/> holds every table column's number for the row.</summary>
    public void Add(double[] values)
    {
        if (Abandoned) return;
        var offset = (int)(_rows % BlockSize);
        if (offset == 0)
        {
            if ((_rows + BlockSize) * Columns.Count * sizeof(double) > budgetBytes)
            {
                Abandon();
                return;
            }
            for (var k = 0; k < _columns.Length; k++) _blocks[k].Add(_current[k] = new double[BlockSize]);
        }
        for (var k = 0; k < _columns.Length; k++) _current[k][offset] = values[_columns[k]];
        _rows++;
    }

    /// <summary>Replays the cached rows of the chunk into a sink, for the columns it wants.</summary>
    public void Replay(int chunk, IRowSink sink, CancellationToken ct)
    {
        var wanted = Enumerable.Range(0, Columns.Count).Where(k => sink.Wants(Columns[k])).ToArray();
        for (long r = 0; r < _rows; r++)
        {
            if ((r & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            var (block, offset) = ((int)(r / BlockSize), (int)(r % BlockSize));
            sink.BeginRow(RowReference.Of(chunk, r), 0);
            foreach (var k in wanted)
            {
                var x = _blocks[k][block][offset];
                if (double.IsNaN(x)) sink.Missing(Columns[k]);
                else sink.Number(Columns[k], x);
            }
            sink.EndRow();
        }
    }

    public void Abandon()
    {
        Abandoned = true;
        foreach (var blocks in _blocks) blocks.Clear();
        Array.Clear(_current);
    }
}
