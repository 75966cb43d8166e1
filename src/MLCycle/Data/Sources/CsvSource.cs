using System.Text;

namespace MLCycle.Data.Sources;

/// <summary>
/// Delimited text read with DuckDB's <c>read_csv</c> in strict mode: a row with too many or too few fields is an
/// error, never padded or skipped, and no line is taken for a comment or a preamble. <c>.csv</c> and <c>.tsv</c> fix the delimiter and RFC 4180 quoting, so the sniffer
/// only guesses types; other text files let the sniffer find the dialect too.
/// </summary>
internal sealed class CsvSource(string path, char? delimiter) : ITableSource
{
    public string Path { get; } = path;

    /// <summary>The delimiter when fixed by the extension, null when the sniffer chooses it.</summary>
    public char? Delimiter { get; } = delimiter;

    public bool SniffsTypes => true;

    public string Expression(SourceReadHints hints)
    {
        var sql = new StringBuilder("read_csv(").Append(SqlText.Literal(Path));
        // skip and comment are fixed because the sniffer would otherwise drop leading rows or rows starting with '#'.
        sql.Append(", header=true, skip=0, comment='', strict_mode=true, null_padding=false, ignore_errors=false");
        if (Delimiter is { } d)
            sql.Append(", delim=").Append(SqlText.Literal(d.ToString())).Append(", quote='\"', escape='\"'");
        if (hints.AllText) sql.Append(", all_varchar=true");
        else if (hints.TextColumns.Count > 0)
            sql.Append(", types={")
               .AppendJoin(", ", hints.TextColumns.Select(c => SqlText.Literal(c) + ": 'VARCHAR'"))
               .Append('}');
        return sql.Append(')').ToString();
    }
}
