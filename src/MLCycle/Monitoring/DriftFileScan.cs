using MLCycle.Data;
using MLCycle.Data.Sources;
using MLCycle.Profiling.Scanning;

namespace MLCycle.Monitoring;

/// <summary>
/// One parallel pass over a file into a drift accumulator, through the profiler's feeds (docs/adr/0038): a local UTF-8
/// CSV is split into one chunk per core and read by the fast CSV reader, anything else streams through DuckDB. As for
/// the profile, a CSV the fast reader finds unusual is read again as one chunk, then through DuckDB, so an odd file
/// costs speed, never answers. Returns the uniform sample of rows kept for scoring, in file order.
/// </summary>
internal static class DriftFileScan
{
    /// <param name="read">The kinds to read the model's inputs as (<see cref="TableReadOptions.Types"/>).</param>
    /// <param name="accumulator">Where every row's values are counted.</param>
    /// <param name="sampleRows">Rows to keep for scoring (0: none); a file with fewer rows is kept whole.</param>
    public static Table? Run(string path, TableReadOptions read, DriftAccumulator accumulator, int sampleRows, CancellationToken ct)
    {
        var feed = FeedOpener.Open(path, read, allowFastCsv: true);
        try
        {
            var inputs = accumulator.Inputs;
            while (true)
            {
                var columns = feed.Columns;
                var feature = columns.Select(c => IndexOf(inputs, c.Name)).ToArray();
                var bar = sampleRows > 0 ? RowSample.BarFor(sampleRows, feed.EstimatedRows) : ulong.MaxValue;
                var workers = Enumerable.Range(0, feed.Chunks).Select(_ => new DriftScanWorker(accumulator.Empty(), columns, feature, sampleRows, bar)).ToList();
                IReadOnlyList<long> rows;
                try
                {
                    rows = feed.Scan(workers, ct);
                }
                catch (CsvScanAnomaly) when (feed is CsvFeed { Chunks: > 1 } csv)
                {
                    csv.UseOneChunk();
                    continue;
                }
                catch (CsvScanAnomaly)
                {
                    feed.Dispose();
                    feed = FeedOpener.Open(path, read, allowFastCsv: false);
                    continue;
                }
                foreach (var worker in workers) accumulator.Merge(worker.Counted());
                var absent = Enumerable.Range(0, inputs.Count).Where(i => !feature.Contains(i));
                accumulator.AddRows(rows.Sum(), absent);
                return sampleRows > 0 && rows.Sum() > 0 ? SampleTable(workers, rows, columns, feature) : null;
            }
        }
        finally
        {
            feed.Dispose();
        }
    }

    /// <summary>
    /// The names of the file's columns, from DuckDB's sniffer alone: the batch path's schema inference counts the rows
    /// and tries every text column as numbers, a whole extra pass over the file that the scan does not need.
    /// </summary>
    public static IReadOnlyList<string> ColumnNames(string path)
    {
        using var session = DuckDbSession.Open();
        ITableSource? source = null;
        try
        {
            source = TableSourceResolver.Resolve(path, new TableReadOptions(), session);
            return session.Describe(source.Expression(SourceReadHints.None)).Select(c => c.Name).ToList();
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            throw source is null
                ? new MLCycleException(ErrorKind.BadData, $"Could not read '{path}': {e.Message.Split('\n')[0]}", e)
                : DuckDbErrorTranslator.Translate(e, source);
        }
    }

    // The sampled rows as a table of the model's inputs, each read as the kind the scan read it.
    private static Table SampleTable(List<DriftScanWorker> workers, IReadOnlyList<long> rows, IReadOnlyList<ColumnInfo> columns, int[] feature)
    {
        var sample = RowSample.Table(workers.Select(w => w.Sample!).ToList(), new RowNumbering(rows));
        var kept = new List<TableColumn>();
        for (var c = 0; c < columns.Count; c++)
        {
            if (feature[c] < 0) continue;
            kept.Add(TableColumn.StoresNumbers(columns[c].Kind)
                ? TableColumn.FromNumbers(columns[c], sample.NumbersOf(c))
                : TableColumn.FromStrings(columns[c], sample.TextsOf(c)));
        }
        return new Table(kept);
    }

    private static int IndexOf(IReadOnlyList<InputColumn> inputs, string name)
    {
        for (var i = 0; i < inputs.Count; i++)
            if (inputs[i].Name == name) return i;
        return -1;
    }
}
