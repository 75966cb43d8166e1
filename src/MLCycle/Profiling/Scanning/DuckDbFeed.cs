using MLCycle.Data;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Any source DuckDB reads (Parquet, JSON, databases, CSV the fast reader does not take), streamed chunk by chunk
/// from a query, so a table bigger than memory passes through without being held. One chunk: rows arrive in order.
/// </summary>
internal sealed class DuckDbFeed(PreparedSource source) : IRowFeed
{
    public IReadOnlyList<ColumnInfo> Columns { get; } = source.Columns.Select(c => c.Info).ToList();

    public int Chunks => 1;

    public long? EstimatedRows => null;

    public IReadOnlyList<long> Scan(IReadOnlyList<RowSink> sinks, CancellationToken ct)
    {
        var sink = sinks[0];
        var numbers = source.Columns.Select(c => c.ReadsNumbers).ToArray();
        var wanted = Enumerable.Range(0, numbers.Length).Select(sink.Wants).ToArray();
        long rows = 0;
        try
        {
            using var reader = source.Session.Query(source.SelectSql(), streaming: true);
            while (reader.Read())
            {
                if ((rows & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                sink.BeginRow(RowReference.Of(0, rows), (ulong)rows);
                for (var c = 0; c < numbers.Length; c++)
                {
                    if (!wanted[c]) continue;
                    if (reader.IsDBNull(c)) sink.Missing(c);
                    else if (numbers[c]) sink.Number(c, reader.GetDouble(c));
                    else sink.Text(c, reader.GetString(c));
                }
                sink.EndRow();
                rows++;
            }
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            throw DuckDbErrorTranslator.Translate(e, source.Source);
        }
        return [rows];
    }

    public void Dispose() => source.Dispose();
}

