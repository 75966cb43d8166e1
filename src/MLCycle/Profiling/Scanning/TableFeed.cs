using MLCycle.Data;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// An in-memory <see cref="Table"/> as a profile source: rows go to the sinks as the values the table holds, with no
/// parsing, split into equal row ranges that are scanned in parallel.
/// </summary>
internal sealed class TableFeed : IRowFeed
{
    private readonly Table _table;
    private readonly int[] _starts;

    public TableFeed(Table table, int chunks)
    {
        _table = table;
        Columns = table.Schema.ToList();
        chunks = Math.Clamp(chunks, 1, Math.Max(1, table.RowCount / 4096));
        _starts = Enumerable.Range(0, chunks + 1).Select(i => (int)((long)table.RowCount * i / chunks)).ToArray();
    }

    public IReadOnlyList<ColumnInfo> Columns { get; }

    public int Chunks => _starts.Length - 1;

    public long? EstimatedRows => _table.RowCount;

    public IReadOnlyList<long> Scan(IReadOnlyList<RowSink> sinks, CancellationToken ct)
    {
        var rows = new long[Chunks];
        Parallel.For(0, Chunks, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Chunks }, chunk =>
            rows[chunk] = Scan(chunk, sinks[chunk], ct));
        return rows;
    }

    public void Dispose()
    {
        // The table belongs to the snapshot.
    }

    private long Scan(int chunk, RowSink sink, CancellationToken ct)
    {
        var columns = _table.Columns;
        var wanted = Enumerable.Range(0, columns.Count).Select(sink.Wants).ToArray();
        var (start, end) = (_starts[chunk], _starts[chunk + 1]);
        for (var row = start; row < end; row++)
        {
            if (((row - start) & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            // The row's place in the table seeds its sampling, as a DuckDB feed's row number does.
            sink.BeginRow(RowReference.Of(chunk, row - start), (ulong)row);
            for (var c = 0; c < columns.Count; c++)
            {
                if (!wanted[c]) continue;
                var column = columns[c];
                if (column.Numbers is { } numbers)
                {
                    if (double.IsNaN(numbers[row])) sink.Missing(c);
                    else sink.Number(c, numbers[row]);
                }
                else if (column.Strings![row] is { } text) sink.Text(c, text.AsSpan());
                else sink.Missing(c);
            }
            sink.EndRow();
        }
        return end - start;
    }
}
