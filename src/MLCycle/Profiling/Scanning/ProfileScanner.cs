using MLCycle.Data;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Runs the profile's passes over a source with one worker per chunk, in bounded memory. When the fast CSV reader
/// meets something unusual it is retried as one chunk, and then through DuckDB, so odd files cost speed, never answers.
/// A CSV whose numbers fit in a quarter of the memory keeps them from the first pass, and the second pass runs over
/// them instead of reading the file again (docs/adr/0021); a larger one streams twice (docs/adr/0007).
/// </summary>
internal sealed class ProfileScanner : IDisposable
{
    private readonly string _path;
    private readonly TableReadOptions _options;
    private readonly long _keepBytes;
    private IRowFeed _feed;
    private KeptNumbers[]? _kept;

    private ProfileScanner(string path, TableReadOptions options, IRowFeed feed, long keepBytes)
    {
        (_path, _options, _feed, _keepBytes) = (path, options, feed, keepBytes);
    }

    public IReadOnlyList<ColumnInfo> Columns => _feed.Columns;

    /// <summary>Whether the last second pass ran over the numbers kept from the first instead of reading the source.</summary>
    public bool SecondPassReadKeptNumbers { get; private set; }

    /// <param name="keepBytes">
    /// The most memory the first pass may fill with numbers for the second; by default a quarter of the memory available
    /// to this process, and none when the caller limits memory (<see cref="TableReadOptions.MemoryLimit"/>).
    /// </param>
    public static ProfileScanner Open(string path, TableReadOptions? options, long? keepBytes = null)
    {
        options ??= new TableReadOptions();
        keepBytes ??= options.MemoryLimit is null ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 : 0;
        return new ProfileScanner(path, options, FeedOpener.Open(path, options, allowFastCsv: true), keepBytes.Value);
    }

    /// <summary>A scanner over a feed with no fallback (an in-memory table has nothing unusual to retry).</summary>
    public static ProfileScanner Over(string name, IRowFeed feed) => new(name, new TableReadOptions(), feed, 0);

    /// <summary>The first pass; the plan's columns must be <see cref="Columns"/>.</summary>
    public FirstPassResult FirstPass(Func<IReadOnlyList<ColumnInfo>, ScanPlan> plan, CancellationToken ct)
    {
        while (true)
        {
            var scanPlan = plan(_feed.Columns);
            var estimated = _feed.EstimatedRows;
            scanPlan = scanPlan with { SampleBar = scanPlan.SampleBarFor(estimated) };
            var expected = (int)Math.Min(1.05 * (estimated ?? 0) / _feed.Chunks, 1 << 28);
            var keep = KeepPerWorker(scanPlan, estimated);
            var workers = Enumerable.Range(0, _feed.Chunks).Select(_ => new ProfileScanWorker(scanPlan, expected, keep)).ToList();
            try
            {
                var rows = _feed.Scan(workers, ct);
                if (rows.Sum() == 0) throw new MLCycleException(ErrorKind.BadData, $"'{_path}' has a header but no rows: expected at least one data row.");
                _kept = workers.All(w => w.Kept is { Abandoned: false }) ? workers.Select(w => w.Kept!).ToArray() : null;
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
        SecondPassReadKeptNumbers = false;
        if (plan.IsEmpty) return workers;
        var wanted = Enumerable.Range(0, plan.Wanted.Length).Where(c => plan.Wanted[c]).ToList();
        if (_kept is { } kept && kept.Length == workers.Count && plan.RepeatedRows is null && plan.RepeatedKeys.All(k => k is null)
            && wanted.All(c => kept.All(k => k.Keeps(c))))
        {
            Parallel.For(0, workers.Count, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = workers.Count }, i =>
            {
                foreach (var c in wanted) workers[i].Replay(i, c, kept[i]);
            });
            SecondPassReadKeptNumbers = true;
            _kept = null;   // read once: the memory goes back before the issue checks
            return workers;
        }
        _feed.Scan(workers, ct);
        return workers;
    }

    public void Dispose() => _feed.Dispose();

    // Only the CSV reader hands every worker each field of each row, which the kept columns rely on. Numbers of a source
    // estimated past the budget are not kept at all; an estimate that falls short makes a worker let go once past its share.
    private long KeepPerWorker(ScanPlan plan, long? estimated)
    {
        var columns = plan.Columns.Count(c => TableColumn.StoresNumbers(c.Kind));
        if (_feed is not CsvFeed || columns == 0 || estimated is not { } rows) return 0;
        var budget = _keepBytes / sizeof(double);
        return rows * columns <= budget ? budget / _feed.Chunks : 0;
    }
}
