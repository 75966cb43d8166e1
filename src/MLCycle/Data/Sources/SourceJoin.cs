using System.Text;

namespace MLCycle.Data.Sources;

/// <summary>Builds the left join of loaded sources on one key column, keeping the first source's row order.</summary>
internal static class SourceJoin
{
    private const string RowColumn = "mlcycle_row";

    public static string Sql(DuckDbSession session, IReadOnlyList<CombinedPart> parts, string key, List<SourceCoercion> coercions)
    {
        foreach (var part in parts)
            if (part.TypeOf(key) is null)
                throw new MLCycleException(ErrorKind.BadSpec, part.Labelled($"The join key '{key}' is not a column of '{part.Path}'; its columns are {string.Join(", ", part.Columns.Select(c => c.Name))}."));
        var keyType = CombinedPart.CommonType(parts.Select(p => p.TypeOf(key)!).ToList());
        foreach (var part in parts.Where(p => !string.Equals(p.TypeOf(key), keyType, StringComparison.OrdinalIgnoreCase)))
            coercions.Add(new SourceCoercion(key, part.Path, part.TypeOf(key)!, keyType, "join key: " + CombinedPart.Because(parts, key, part)));

        var q = SqlText.Identifier(key);
        var used = new HashSet<string>(parts[0].Columns.Select(c => c.Name), StringComparer.Ordinal);
        var select = new List<string>(parts[0].Columns.Select(c => c.Name == key ? $"CAST(t0.{q} AS {keyType}) AS {q}" : "t0." + SqlText.Identifier(c.Name)));
        var from = new StringBuilder($"(SELECT *, row_number() OVER () AS {RowColumn} FROM {SqlText.Identifier(parts[0].Table)}) t0");
        for (var i = 1; i < parts.Count; i++)
        {
            CheckUniqueKeys(session, parts[i], key);
            foreach (var (name, _) in parts[i].Columns.Where(c => c.Name != key))
            {
                var alias = name;
                for (var n = i + 1; !used.Add(alias); n++) alias = $"{name}_{n}";
                if (alias != name) coercions.Add(new SourceCoercion(name, parts[i].Path, name, alias, "renamed: an earlier source has a column of that name"));
                select.Add($"t{i}.{SqlText.Identifier(name)} AS {SqlText.Identifier(alias)}");
            }
            from.Append($" LEFT JOIN {SqlText.Identifier(parts[i].Table)} t{i} ON CAST(t0.{q} AS {keyType}) = CAST(t{i}.{q} AS {keyType})");
        }
        return $"SELECT {string.Join(", ", select)} FROM {from} ORDER BY t0.{RowColumn}";
    }

    // A repeated key would copy rows of the first source, so the joined table would not match it row for row.
    private static void CheckUniqueKeys(DuckDbSession session, CombinedPart part, string key)
    {
        var q = SqlText.Identifier(key);
        using var reader = session.Query(
            $"SELECT CAST({q} AS VARCHAR), count(*) FROM {SqlText.Identifier(part.Table)} WHERE {q} IS NOT NULL GROUP BY {q} HAVING count(*) > 1 ORDER BY count(*) DESC LIMIT 1");
        if (reader.Read())
            throw new MLCycleException(ErrorKind.BadData, part.Labelled(
                $"'{part.Path}' has the join key '{key}' = '{reader.GetString(0)}' on {reader.GetInt64(1)} rows: a joined source needs " +
                "each key at most once, otherwise rows of the first source would be repeated."));
    }
}
