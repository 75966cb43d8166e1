using Microsoft.Win32.SafeHandles;
using MLCycle.Data;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// A local UTF-8 CSV file read by MLCycle's own reader, one chunk per core. Chunks start after a line break near equal
/// splits of the file; a split that falls inside a quoted line break is detected (the previous chunk's last record ends
/// past it) and the file is then read as one chunk.
/// </summary>
internal sealed class CsvFeed : IRowFeed
{
    private readonly SafeFileHandle _file;
    private readonly long _length;
    private readonly byte _delimiter;
    private readonly byte _quote;
    private long[] _starts;

    public CsvFeed(string file, char delimiter, char quote, bool header, IReadOnlyList<ColumnInfo> columns, int chunks)
    {
        Columns = columns;
        _file = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        _length = RandomAccess.GetLength(_file);
        (_delimiter, _quote) = ((byte)delimiter, (byte)quote);
        var first = header ? HeaderEnd() : Bom();
        _starts = Split(first, _length < 4 << 20 ? 1 : chunks);
    }

    public IReadOnlyList<ColumnInfo> Columns { get; }

    public int Chunks => _starts.Length - 1;

    /// <summary>The data bytes over the mean length of the lines in the first megabyte after the header.</summary>
    public long? EstimatedRows
    {
        get
        {
            var head = new byte[1 << 20];
            var n = RandomAccess.Read(_file, head, _starts[0]);
            var lines = head.AsSpan(0, n).Count((byte)'\n');
            return lines == 0 ? null : (long)((double)(_length - _starts[0]) / n * lines);
        }
    }

    public IReadOnlyList<long> Scan(IReadOnlyList<RowSink> sinks, CancellationToken ct)
    {
        var results = new (long Rows, long End)[Chunks];
        try
        {
            Parallel.For(0, Chunks, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Chunks }, i =>
                results[i] = Reader().Read(i, _starts[i], _starts[i + 1], sinks[i], ct));
        }
        catch (AggregateException e)
        {
            // A worker's own exception (an anomaly, a cancellation) is what callers handle, not the wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.Flatten().InnerExceptions[0]);
        }
        for (var i = 0; i + 1 < Chunks; i++)
            if (results[i].End != _starts[i + 1]) throw new CsvScanAnomaly("a chunk boundary fell inside a quoted field", _starts[i + 1]);
        return results.Select(r => r.Rows).ToArray();
    }

    /// <summary>Reads the whole file as one chunk from now on (after a split fell inside a quoted field).</summary>
    public void UseOneChunk() => _starts = [_starts[0], _length];

    public void Dispose() => _file.Dispose();

    private CsvChunkReader Reader() => new(_file, _length, _delimiter, _quote, Columns.Count, new CsvFieldReader(Columns));

    private long Bom()
    {
        Span<byte> head = stackalloc byte[3];
        var n = RandomAccess.Read(_file, head, 0);
        return n == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
    }

    // The header is read by DuckDB for the names; here it is only skipped, minding quoted line breaks.
    private long HeaderEnd()
    {
        var buffer = new byte[1 << 16];
        var quoted = false;
        for (long offset = Bom(); offset < _length;)
        {
            var n = RandomAccess.Read(_file, buffer, offset);
            for (var i = 0; i < n; i++)
            {
                if (buffer[i] == _quote) quoted = !quoted;
                else if (buffer[i] == '\n' && !quoted) return offset + i + 1;
            }
            offset += n;
        }
        return _length;
    }

    private long[] Split(long first, int chunks)
    {
        var starts = new List<long> { first };
        var probe = new byte[1 << 16];
        for (var i = 1; i < chunks; i++)
        {
            var at = first + (_length - first) * i / chunks;
            var n = RandomAccess.Read(_file, probe, at);
            var newline = Array.IndexOf(probe, (byte)'\n', 0, n);
            if (newline < 0) continue;
            var start = at + newline + 1;
            if (start > starts[^1] && start < _length) starts.Add(start);
        }
        starts.Add(_length);
        return starts.ToArray();
    }
}
