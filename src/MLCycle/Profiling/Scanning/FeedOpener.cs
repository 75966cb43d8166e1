using MLCycle.Data;
using MLCycle.Data.Sources;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Chooses how a profile reads its source: a local UTF-8 CSV with a known delimiter goes to MLCycle's parallel reader
/// (DuckDB only sniffs the column types from a sample); everything else streams through DuckDB.
/// </summary>
internal static class FeedOpener
{
    public static IRowFeed Open(string path, TableReadOptions options, bool allowFastCsv)
    {
        if (!allowFastCsv) return new DuckDbFeed(PreparedSource.Open(path, options, materialise: false));
        var session = DuckDbSession.Open(options.MemoryLimit);   // also checks the limit is a size
        ITableSource source;
        try
        {
            source = TableSourceResolver.Resolve(path, options, session);
        }
        catch (Exception e) when (e is MLCycleException or DuckDB.NET.Data.DuckDBException)
        {
            session.Dispose();
            return new DuckDbFeed(PreparedSource.Open(path, options, materialise: false));   // which reports the problem precisely
        }
        try
        {
            if (FastCsv(source, session, options) is { } fast)
            {
                session.Dispose();
                return fast;
            }
            // Resolved once: a download made or a database table loaded is streamed from this session, not fetched again.
            return new DuckDbFeed(PreparedSource.OpenResolved(source, session, options, materialise: false));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static CsvFeed? FastCsv(ITableSource source, DuckDbSession session, TableReadOptions options)
    {
        if (source is not CsvSource { Delimiter: { } delimiter, Quote: { } quote, IsUtf8: true } csv || !File.Exists(csv.File)) return null;
        IReadOnlyList<(string Name, string Type)> described;
        try
        {
            var hints = options.AllText ? new SourceReadHints(true, []) : new SourceReadHints(false, options.Types.Keys.ToList());
            described = session.Describe(csv.Expression(hints));
        }
        catch (DuckDB.NET.Data.DuckDBException)
        {
            return null;
        }
        ColumnLimit.Check(csv.Path, described.Count, options.MaxColumns);
        if (options.Types.Keys.Any(k => described.All(d => d.Name != k))) return null;   // the DuckDB path names the unknown column
        var columns = described.Select(d => new ColumnInfo(d.Name, Kind(d, options), d.Type)).ToList();
        return new CsvFeed(csv.File, delimiter, quote, csv.Header, columns, Environment.ProcessorCount);
    }

    private static ColumnKind Kind((string Name, string Type) column, TableReadOptions options)
    {
        if (options.AllText) return ColumnKind.Categorical;
        return options.Types.TryGetValue(column.Name, out var kind) ? kind : DuckTypes.DefaultKind(column.Type);
    }
}
