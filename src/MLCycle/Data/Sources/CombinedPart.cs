using DuckDB.NET.Data;

namespace MLCycle.Data.Sources;

/// <summary>
/// One source of a combination, loaded into a table of the shared DuckDB session, with its columns and DuckDB types;
/// columns a CSV sniffer guessed to be BOOLEAN are kept as the text in the file.
/// </summary>
internal sealed record CombinedPart(string Path, string Table, IReadOnlyList<(string Name, string Type)> Columns, string? Label = null)
{
    /// <summary>A message about this source, led by where it was declared when that is known.</summary>
    public string Labelled(string message) => Label is null ? message : $"{Label}: {message}";

    /// <summary>The source the part was read from, kept so guessed types can be read again as text.</summary>
    public ITableSource? Source { get; init; }

    /// <summary>Columns already read again as text, kept as text by every later re-read.</summary>
    public IReadOnlyCollection<string> TextColumns { get; init; } = [];

    public string? TypeOf(string column) => Columns.FirstOrDefault(c => c.Name == column).Type;

    /// <summary>
    /// The part with <paramref name="columns"/> read again as the text in the file, when its types were guessed from text
    /// (CSV): casting a guessed BOOLEAN or BIGINT back to text would turn "yes" into "true" and "007" into "7".
    /// </summary>
    public CombinedPart WithTextColumns(IReadOnlyCollection<string> columns, DuckDbSession session)
    {
        if (columns.Count == 0 || Source is not { SniffsTypes: true } source) return this;
        var text = TextColumns.Union(columns, StringComparer.Ordinal).ToList();
        try
        {
            session.Execute($"CREATE OR REPLACE TABLE {SqlText.Identifier(Table)} AS SELECT * FROM {source.Expression(new SourceReadHints(false, text))}");
            return this with { Columns = session.Describe(SqlText.Identifier(Table)), TextColumns = text };
        }
        catch (DuckDBException e)
        {
            var translated = DuckDbErrorTranslator.Translate(e, source);
            throw new MLCycleException(translated.Kind, Labelled(translated.Message), e);
        }
    }

    public static CombinedPart Load(SourceSpec spec, DuckDbSession session, CancellationToken ct)
    {
        try
        {
            return LoadUnlabelled(spec, session, ct);
        }
        catch (MLCycleException e) when (spec.Label is not null)
        {
            throw new MLCycleException(e.Kind, $"{spec.Label}: {e.Message}", e);
        }
    }

    private static CombinedPart LoadUnlabelled(SourceSpec spec, DuckDbSession session, CancellationToken ct)
    {
        var source = TableSourceResolver.Resolve(spec.Path, spec.Options ?? new TableReadOptions(), session, ct);
        var table = source is LoadedSource loaded ? loaded.Table : session.NewTableName("mlcycle_part");
        try
        {
            if (source is not LoadedSource)
                session.Execute($"CREATE TABLE {SqlText.Identifier(table)} AS SELECT * FROM {source.Expression(SourceReadHints.None)}");
            var part = new CombinedPart(source.Path, table, session.Describe(SqlText.Identifier(table)), spec.Label) { Source = source };
            // A sniffed BOOLEAN ("yes"/"no", "Y"/"N") would be stored as true/false; combined data keeps the file's words,
            // so labels and group names read as users wrote them.
            return part.WithTextColumns(part.Columns.Where(c => c.Type == "BOOLEAN").Select(c => c.Name).ToList(), session);
        }
        catch (DuckDBException e)
        {
            throw DuckDbErrorTranslator.Translate(e, source);
        }
    }

    /// <summary>The one type that holds every given type: the same type, DOUBLE for mixed numbers, TIMESTAMP for mixed dates, else VARCHAR.</summary>
    public static string CommonType(IReadOnlyCollection<string> types)
    {
        var distinct = types.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (distinct.Count == 1) return distinct[0];
        var classes = distinct.Select(DuckTypes.Classify).Distinct().ToList();
        if (classes is [DuckTypeClass.Number]) return "DOUBLE";
        if (classes is [DuckTypeClass.DateTime]) return "TIMESTAMP";
        return "VARCHAR";
    }

    /// <summary>Why a column changed type: the other sources' types, e.g. "'b.csv' has DOUBLE".</summary>
    public static string Because(IEnumerable<CombinedPart> parts, string column, CombinedPart except) =>
        string.Join(", ", parts.Where(p => p != except && p.TypeOf(column) is not null)
            .Select(p => $"'{p.Path}' has {p.TypeOf(column)}"));
}
