namespace MLCycle.Data.Sources;

/// <summary>
/// JSON read with DuckDB's built-in <c>read_json</c>: one object per line (.jsonl, .ndjson) or, for .json, either an
/// array of objects or objects one per line. Values carry their own types, so nothing is guessed from text.
/// </summary>
internal sealed class JsonSource(string path, bool newlineDelimited, string? file = null) : ITableSource
{
    public string Path { get; } = path;

    /// <summary>The local file DuckDB reads.</summary>
    public string File { get; } = file ?? path;

    public bool SniffsTypes => false;

    // read_json cannot read a typed column as text; the reader casts those columns in its SELECT instead.
    public string Expression(SourceReadHints hints) =>
        "read_json(" + SqlText.Literal(File) + ", format=" + (newlineDelimited ? "'newline_delimited'" : "'auto'") + ")";
}
