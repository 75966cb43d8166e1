namespace MLCycle.Data.Sources;

/// <summary>A Parquet file read with DuckDB's <c>read_parquet</c>; its types are declared by the writer, so nothing is guessed.</summary>
internal sealed class ParquetSource(string path, string? file = null) : ITableSource
{
    public string Path { get; } = path;

    /// <summary>The local file DuckDB reads (a download or a plain-named link), or <see cref="Path"/> itself.</summary>
    public string File { get; } = file ?? path;

    public bool SniffsTypes => false;

    // Parquet cannot read a typed column as text; the reader casts those columns in its SELECT instead.
    public string Expression(SourceReadHints hints) => "read_parquet(" + SqlText.Literal(File) + ")";
}
