using System.Text;

namespace MLCycle.Data.Sources;

/// <summary>
/// Several files of one format (a folder or a glob the user wrote) read as one table: columns are matched by name
/// (<c>union_by_name</c>), a column missing from a file is missing in its rows, and <c>source_file</c> names each row's file.
/// </summary>
internal sealed class MultiFileSource(string path, IReadOnlyList<string> files, bool json, CsvOptions? csv) : ITableSource
{
    public const string FileColumn = "source_file";

    public string Path { get; } = path;

    public IReadOnlyList<string> Files { get; } = files;

    public bool SniffsTypes => !json;

    public string Expression(SourceReadHints hints)
    {
        var list = "[" + string.Join(", ", Files.Select(SqlText.Literal)) + "]";
        if (json) return $"read_json({list}, format='auto', union_by_name=true, filename={SqlText.Literal(FileColumn)})";
        var options = csv ?? new CsvOptions();
        var sql = new StringBuilder("read_csv(").Append(list)
            .Append(", union_by_name=true, filename=").Append(SqlText.Literal(FileColumn))
            .Append(", header=").Append(options.Header ?? true ? "true" : "false")
            .Append(", skip=0, comment='', strict_mode=true, null_padding=false, ignore_errors=false");
        var delimiter = CsvDialect.Delimiter(options, Path) ?? (Files[0].EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',');
        var quote = options.Quote ?? '"';
        sql.Append(", delim=").Append(SqlText.Literal(delimiter.ToString()))
           .Append(", quote=").Append(SqlText.Literal(quote.ToString())).Append(", escape=").Append(SqlText.Literal(quote.ToString()));
        if (CsvDialect.Encoding(options, Path) is { } encoding) sql.Append(", encoding=").Append(SqlText.Literal(encoding));
        if (hints.AllText) sql.Append(", all_varchar=true");
        else if (hints.TextColumns.Count > 0)
            sql.Append(", types={")
               .AppendJoin(", ", hints.TextColumns.Select(c => SqlText.Literal(c) + ": 'VARCHAR'"))
               .Append('}');
        return sql.Append(')').ToString();
    }
}
