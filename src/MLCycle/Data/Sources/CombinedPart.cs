using DuckDB.NET.Data;

namespace MLCycle.Data.Sources;

/// <summary>One source of a combination, loaded into a table of the shared DuckDB session, with its columns and DuckDB types.</summary>
internal sealed record CombinedPart(string Path, string Table, IReadOnlyList<(string Name, string Type)> Columns, string? Label = null)
{
    /// <summary>A message about this source, led by where it was declared when that is known.</summary>
    public string Labelled(string message) => Label is null ? message : $"{Label}: {message}";

    public string? TypeOf(string column) => Columns.FirstOrDefault(c => c.Name == column).Type;

    public static CombinedPart Load(SourceSpec spec, DuckDbSession session, CancellationToken ct)
    {
        try
        {
            return LoadUnlabelled(spec, session, ct);
        }
        catch (MLCycleException e) when (spec.Label is not null)
        {
            throw new MLCycleException($"{spec.Label}: {e.Message}", e.ExitCode, e);
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
            return new CombinedPart(source.Path, table, session.Describe(SqlText.Identifier(table)), spec.Label);
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
