using System.Text;

namespace MLCycle.Data.Sources;

/// <summary>
/// Delimited text read with DuckDB's <c>read_csv</c> in strict mode: a row with too many or too few fields is an
/// error, never padded or skipped, and no line is taken for a comment or a preamble. <c>.csv</c> and <c>.tsv</c> fix the delimiter and RFC 4180 quoting, so the sniffer
/// only guesses types; other text files let the sniffer find the dialect too. <see cref="CsvOptions"/> override both.
/// </summary>
internal sealed class CsvSource : ITableSource
{
    private readonly CsvOptions _options;

    /// <param name="path">The file or address as the user gave it, for messages.</param>
    /// <param name="delimiter">The delimiter fixed by the extension, or null to sniff it.</param>
    /// <param name="options">The user's overrides, already checked by <see cref="CsvDialect"/>.</param>
    /// <param name="file">The local file DuckDB reads when it differs from <paramref name="path"/> (a download).</param>
    public CsvSource(string path, char? delimiter, CsvOptions? options = null, string? file = null)
    {
        Path = path;
        File = file ?? path;
        _options = options ?? new CsvOptions();
        Delimiter = CsvDialect.Delimiter(_options, Path) ?? delimiter;
        Quote = _options.Quote ?? (Delimiter is null ? null : '"');
    }

    public string Path { get; }

    /// <summary>The local file DuckDB reads.</summary>
    public string File { get; }

    /// <summary>The delimiter when fixed by the extension or the user, null when the sniffer chooses it.</summary>
    public char? Delimiter { get; }

    /// <summary>The quote character when fixed, null when the sniffer chooses it.</summary>
    public char? Quote { get; }

    /// <summary>Whether the first line names the columns.</summary>
    public bool Header => _options.Header ?? true;

    /// <summary>Whether the file is UTF-8 (the default), which MLCycle's own fast reader can read.</summary>
    public bool IsUtf8 => CsvDialect.Encoding(_options, Path) is null or "utf-8";

    public bool SniffsTypes => true;

    /// <summary>The fields of the first record when counted before sniffing (see <see cref="ColumnLimit"/>), else null.</summary>
    public int? HeaderFields { get; set; }

    /// <summary>
    /// The rows DuckDB's sniffer samples for types: its default 20,480 rows for up to 50 columns, then fewer as the table
    /// widens, so a sample holds about a million values (never under 2,048 rows). Sniffing costs time per value sampled,
    /// and every read of a 2,000-column file sniffs again; a type change that only a later row shows is still reported
    /// with its row when the column is read, and <c>data.types</c> fixes it.
    /// </summary>
    public static int SniffRows(int columns) => Math.Clamp(1_048_576 / Math.Max(columns, 1) / 2_048 * 2_048, 2_048, 20_480);

    public string Expression(SourceReadHints hints) => Call("read_csv", File, hints);

    /// <summary>A call of a DuckDB CSV function (<c>read_csv</c>, <c>sniff_csv</c>) on <paramref name="file"/> with this source's settings.</summary>
    public string Call(string function, string file, SourceReadHints hints)
    {
        var sql = new StringBuilder(function).Append('(').Append(SqlText.Literal(file));
        // skip and comment are fixed because the sniffer would otherwise drop leading rows or rows starting with '#'.
        sql.Append(", header=").Append(_options.Header ?? true ? "true" : "false");
        sql.Append(", skip=0, comment='', strict_mode=true, null_padding=false, ignore_errors=false");
        if (Delimiter is { } d) sql.Append(", delim=").Append(SqlText.Literal(d.ToString()));
        if (Quote is { } q) sql.Append(", quote=").Append(SqlText.Literal(q.ToString())).Append(", escape=").Append(SqlText.Literal(q.ToString()));
        if (CsvDialect.Encoding(_options, Path) is { } encoding) sql.Append(", encoding=").Append(SqlText.Literal(encoding));
        if (HeaderFields is { } fields && SniffRows(fields) < 20_480) sql.Append(", sample_size=").Append(SniffRows(fields));
        if (hints.AllText) sql.Append(", all_varchar=true");
        else if (hints.TextColumns.Count > 0)
            sql.Append(", types={")
               .AppendJoin(", ", hints.TextColumns.Select(c => SqlText.Literal(c) + ": 'VARCHAR'"))
               .Append('}');
        return sql.Append(')').ToString();
    }
}
