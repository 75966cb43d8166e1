using System.Data.Common;
using System.Runtime.CompilerServices;
using DuckDB.NET.Data;

namespace MLCycle.Data;

/// <summary>Reads CSV and Parquet files through embedded DuckDB into <see cref="Table"/>s, in file order.</summary>
public sealed class TableReader
{
    /// <summary>The columns with their inferred (or overridden) kinds, from one pass over the file.</summary>
    public Task<IReadOnlyList<ColumnInfo>> InferSchemaAsync(string path, TableReadOptions? options = null, CancellationToken ct = default) =>
        Task.Run(() => InferSchema(path, options), ct);

    /// <summary>The whole file as a table.</summary>
    public Task<Table> ReadAsync(string path, TableReadOptions? options = null, CancellationToken ct = default) =>
        Task.Run(() => Read(path, options, ct), ct);

    // DuckDB.NET has no truly asynchronous reads (its async calls complete on the calling thread), so the scan is
    // offloaded to the thread pool: the caller's thread (a server request, the CLI's progress display) stays free.
    private static IReadOnlyList<ColumnInfo> InferSchema(string path, TableReadOptions? options)
    {
        // Counting rows costs little here and lets a header-only file fail at inference, as it would at reading.
        using var prepared = PreparedSource.Open(path, options, materialise: false, countRows: true);
        return prepared.Columns.Select(c => c.Info).ToList();
    }

    private static Table Read(string path, TableReadOptions? options, CancellationToken ct)
    {
        using var prepared = PreparedSource.Open(path, options, materialise: false);
        var capacity = (int)Math.Min(prepared.Rows ?? 1024, Array.MaxLength);
        try
        {
            using var reader = prepared.Session.Query(prepared.SelectSql(), streaming: true);
            var table = ReadRows(reader, prepared.Columns, capacity, int.MaxValue, ct);
            if (table.RowCount == 0) throw NoRows(path);
            return table;
        }
        catch (DuckDBException e)
        {
            throw DuckDbErrorTranslator.Translate(e, prepared.Source);
        }
    }

    /// <summary>Streams the file in batches of at most <paramref name="batchSize"/> rows, without reading it all first.</summary>
    public async IAsyncEnumerable<Table> ReadBatchesAsync(string path, int batchSize, TableReadOptions? options = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        using var prepared = await Task.Run(() => PreparedSource.Open(path, options, materialise: false), ct);
        using var reader = Translate(prepared, () => prepared.Session.Query(prepared.SelectSql(), streaming: true));
        var any = false;
        while (true)
        {
            var batch = await Task.Run(() => Translate(prepared, () => ReadRows(reader, prepared.Columns, batchSize, batchSize, ct)), ct);
            if (batch.RowCount == 0) break;
            any = true;
            yield return batch;
            if (batch.RowCount < batchSize) break;
        }
        if (!any) throw NoRows(path);
    }

    internal static Table ReadRows(DbDataReader reader, IReadOnlyList<ColumnPlan> plans, int capacity, int maxRows, CancellationToken ct)
    {
        var buffers = plans.Select((p, i) => new ColumnBuffer(p, i, capacity)).ToArray();
        var rows = 0;
        while (rows < maxRows && reader.Read())
        {
            foreach (var buffer in buffers) buffer.Add(reader, rows);
            if (++rows % 65536 == 0) ct.ThrowIfCancellationRequested();
        }
        return new Table(buffers.Select(b => b.ToColumn(rows)).ToList());
    }

    private static T Translate<T>(PreparedSource prepared, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DuckDBException e)
        {
            throw DuckDbErrorTranslator.Translate(e, prepared.Source);
        }
    }

    private static MLCycleException NoRows(string path) =>
        new(ErrorKind.BadData, $"'{path}' has a header but no rows: expected at least one data row.");
}
