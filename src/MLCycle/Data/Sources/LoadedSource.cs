namespace MLCycle.Data.Sources;

/// <summary>
/// Data already loaded into a table of the DuckDB session (from SQLite, PostgreSQL, or several sources combined),
/// so it is typed, profiled and read exactly like a file.
/// </summary>
internal sealed class LoadedSource(string path, string table) : ITableSource
{
    public string Path { get; } = path;

    /// <summary>The DuckDB table holding the rows.</summary>
    public string Table { get; } = table;

    public bool SniffsTypes => false;

    public string Expression(SourceReadHints hints) => SqlText.Identifier(Table);
}
