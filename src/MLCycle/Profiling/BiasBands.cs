using System.Collections;
using System.Globalization;
using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>
/// Cuts a numeric sensitive column into bands: explicit edges when given, otherwise equal-count bands whose edges are
/// the column's minimum, its quantiles at 1/n, 2/n, ... (values that occur in the data, ties merged) and its maximum.
/// </summary>
internal static class BiasBands
{
    /// <summary>The band holding <paramref name="value"/>: [edge i, edge i+1), the last band closed, outside values clamped.</summary>
    public static int IndexOf(IReadOnlyList<double> edges, double value)
    {
        for (var i = 1; i < edges.Count - 1; i++)
            if (value < edges[i]) return i - 1;
        return edges.Count - 2;
    }

    /// <summary>The SQL twin of <see cref="IndexOf"/>: an INTEGER band index, NULL for a missing value.</summary>
    public static string IndexSql(string column, IReadOnlyList<double> edges)
    {
        var cases = string.Concat(Enumerable.Range(1, edges.Count - 2)
            .Select(i => $" WHEN {column} < {SqlText.Double(edges[i])} THEN {(i - 1).ToString(CultureInfo.InvariantCulture)}"));
        return $"(CASE WHEN {column} IS NULL THEN NULL{cases} ELSE {(edges.Count - 2).ToString(CultureInfo.InvariantCulture)} END)";
    }

    /// <summary>Edges of up to <paramref name="bands"/> equal-count bands, or null when the column has few enough values to group as they are.</summary>
    public static IReadOnlyList<double>? Quantile(DuckDbSession session, string table, string column, int bands, int maxUnbandedValues)
    {
        var fractions = string.Join(", ", Enumerable.Range(1, bands - 1).Select(i => ((double)i / bands).ToString("R", CultureInfo.InvariantCulture)));
        using var reader = session.Query(
            $"SELECT count(DISTINCT {column}), min({column}), max({column}), quantile_disc({column}, [{fractions}]) FROM {table}");
        reader.Read();
        if (reader.GetInt64(0) <= maxUnbandedValues) return null;
        var edges = new SortedSet<double> { reader.GetDouble(1), reader.GetDouble(2) };
        foreach (var q in (IList)reader.GetValue(3)) edges.Add(Convert.ToDouble(q, CultureInfo.InvariantCulture));
        return edges.ToList();
    }
}
