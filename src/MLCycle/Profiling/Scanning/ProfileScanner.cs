using MLCycle.Data;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Runs the profile's passes over a source with one worker per chunk, in bounded memory. When the fast CSV reader
/// meets something unusual it is retried as one chunk, and then through DuckDB, so odd files cost speed, never answers.
/// </summary>
internal sealed class ProfileScanner : IDisposable
{
    private readonly string _path;
    private readonly TableReadOptions _options;
    private IRowFeed _feed;

    private ProfileScanner(string path, TableReadOptions options, IRowFeed feed)
    {
        (_path, _options, _feed) = (path, options, feed);
    }

    public IReadOnlyList<ColumnInfo> Columns => _feed.Columns;

    public static ProfileScanner Open(string path, TableReadOptions? options)
    {
        options ??= new TableReadOptions();
        return new ProfileScanner(path, options, FeedOpener.Open(path, options, allowFastCsv: true));
    }

    /// <summary>A scanner over a feed with no fallback (an in-memory table has nothing unusual to retry).</summary>
    public static ProfileScanner Over(string name, IRowFeed feed) => new(name, new TableReadOptions(), feed);

    /// <summary>The first pass; the plan's columns must be <see cref="Columns"/>.</summary>
    public FirstPassResult FirstPass(Func<IReadOnlyList<ColumnInfo>, ScanPlan> plan, CancellationToken ct)
    {
        while (true)
        {
            var scanPlan = plan(_feed.Columns);
            var estimated = _feed.EstimatedRows;
            scanPlan = scanPlan with { SampleBar = scanPlan.SampleBarFor(estimated) };
            var expected = (int)Math.Min(1.05 * (estimated ?? 0) / _feed.Chunks, 1 << 28);
            var workers = Enumerable.Range(0, _feed.Chunks).Select(_ => new ProfileScanWorker(scanPlan, expected)).ToList();
            try
            {
                var rows = _feed.Scan(workers, ct);
                if (rows.Sum() == 0) throw new MLCycleException(ErrorKind.BadData, $"'{_path}' has a header but no rows: expected at least one data row.");
                return FirstPassResult.Merge(workers, rows);
            }
            catch (CsvScanAnomaly) when (_feed is CsvFeed { Chunks: > 1 } csv)
            {
                csv.UseOneChunk();
            }
            catch (CsvScanAnomaly)
            {
                _feed.Dispose();
                _feed = FeedOpener.Open(_path, _options, allowFastCsv: false);
            }
        }
    }

    /// <summary>The second pass, over the same chunks as the first; workers in chunk order.</summary>
    public IReadOnlyList<SecondPassWorker> SecondPass(SecondPassPlan plan, CancellationToken ct)
    {
        var workers = Enumerable.Range(0, _feed.Chunks).Select(_ => new SecondPassWorker(plan)).ToList();
        if (!plan.IsEmpty) _feed.Scan(workers, ct);
        return workers;
    }

    public void Dispose() => _feed.Dispose();
}
