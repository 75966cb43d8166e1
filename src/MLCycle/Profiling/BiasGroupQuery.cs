using System.Globalization;
using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>
/// Counts the groups of some sensitive columns in one GROUP BY over the bias table, whose columns are the sensitive
/// values <c>s0</c>, <c>s1</c>, ..., the target <c>t</c> and <c>m</c>, the number of missing values in the whole row.
/// </summary>
internal sealed class BiasGroupQuery(DuckDbSession session, string table, IReadOnlyList<BiasColumn> columns,
    string? targetSql, long rows, int fileColumns, double underRepresentedShare)
{
    public static string Alias(int column) => "s" + column.ToString(CultureInfo.InvariantCulture);

    /// <summary>The groups of the given sensitive columns together, largest first (ties by label).</summary>
    public IReadOnlyList<BiasGroupShare> Groups(IReadOnlyList<int> which)
    {
        var keys = which.Select(i => columns[i].BandEdges is { } edges ? BiasBands.IndexSql(Alias(i), edges) : Alias(i)).ToList();
        var own = string.Join(" + ", which.Select(i => $"CAST({Alias(i)} IS NULL AS INTEGER)"));
        var positions = string.Join(", ", Enumerable.Range(1, keys.Count));
        var sql = $"SELECT {string.Join(", ", keys)}, count(*), CAST(sum(m - ({own})) AS DOUBLE), avg({targetSql ?? "NULL"}) " +
                  $"FROM {table} GROUP BY {positions}";
        var name = string.Join("×", which.Select(i => columns[i].Name));
        var otherColumns = fileColumns - which.Count;
        var groups = new List<BiasGroupShare>();
        using var reader = session.Query(sql);
        while (reader.Read())
        {
            var values = which.Select((column, k) => Label(columns[column], reader, k)).ToList();
            var count = reader.GetInt64(keys.Count);
            var share = (double)count / rows;
            groups.Add(new BiasGroupShare
            {
                Column = name,
                Values = values,
                Count = count,
                Share = share,
                MissingShare = otherColumns == 0 ? 0 : reader.GetDouble(keys.Count + 1) / (count * (double)otherColumns),
                TargetRate = reader.IsDBNull(keys.Count + 2) ? null : reader.GetDouble(keys.Count + 2),
                // A missing value is not a population group, so it is reported but never flagged as under-represented.
                UnderRepresented = !values.Contains(BiasColumn.MissingGroup) && share < underRepresentedShare,
            });
        }
        return groups.OrderByDescending(g => g.Count).ThenBy(g => g.Label, StringComparer.Ordinal).ToList();
    }

    private static string Label(BiasColumn column, System.Data.Common.DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal)) return BiasColumn.MissingGroup;
        if (column.BandEdges is not null) return column.BandLabel(Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture));
        return TableColumn.StoresNumbers(column.Kind) ? column.FormatNumber(reader.GetDouble(ordinal)) : reader.GetString(ordinal);
    }
}
