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
        if (allowFastCsv && FastCsv(path, options) is { } fast) return fast;
        return new DuckDbFeed(PreparedSource.Open(path, options, materialise: false));
    }

    private static CsvFeed? FastCsv(string path, TableReadOptions options)
    {
        using var session = DuckDbSession.Open(options.MemoryLimit);   // also checks the limit is a size
        ITableSource source;
        try
        {
            source = TableSourceResolver.Resolve(path, options, session);
        }
        catch (Exception e) when (e is MLCycleException or DuckDB.NET.Data.DuckDBException)
        {
            return null;   // DuckDB's own path reports the problem precisely
        }
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
