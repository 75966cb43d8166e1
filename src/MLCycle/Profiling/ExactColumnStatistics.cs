using System.Globalization;
using System.Text;
using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>
/// Exact distinct counts and percentiles, one column per query. Percentiles follow DuckDB's <c>quantile_cont</c>
/// (linear interpolation between the order statistics at (n - 1) * p), computed from only the needed ranks of one sort.
/// </summary>
internal static class ExactColumnStatistics
{
    public static ColumnStatistics Complete(DuckDbSession session, string view, string column, ColumnStatistics stats)
    {
        var distinct = Scalar(session, $"SELECT count(DISTINCT {column}) FROM {view}");
        var numeric = stats.Numeric is { } n ? n with { Percentiles = Percentiles(session, view, column, stats.Count) } : null;
        return stats with { Distinct = distinct, Numeric = numeric };
    }

    private static double[] Percentiles(DuckDbSession session, string view, string column, long count)
    {
        var positions = Enumerable.Range(0, 101).Select(i => (count - 1) * (double)i / 100).ToArray();
        var ranks = positions.SelectMany(h => new[] { (long)Math.Floor(h), (long)Math.Ceiling(h) }).Distinct().Order().ToList();
        var sql = new StringBuilder($"SELECT rn, v FROM (SELECT {column} AS v, row_number() OVER (ORDER BY {column}) - 1 AS rn FROM {view} ")
            .Append($"WHERE {column} IS NOT NULL) WHERE rn IN (")
            .AppendJoin(", ", ranks.Select(r => r.ToString(CultureInfo.InvariantCulture)))
            .Append(')');
        var values = new Dictionary<long, double>();
        using (var reader = session.Query(sql.ToString()))
            while (reader.Read()) values[reader.GetInt64(0)] = reader.GetDouble(1);
        return positions.Select(h =>
        {
            var lo = values[(long)Math.Floor(h)];
            var hi = values[(long)Math.Ceiling(h)];
            return lo + (h - Math.Floor(h)) * (hi - lo);
        }).ToArray();
    }

    private static long Scalar(DuckDbSession session, string sql)
    {
        using var reader = session.Query(sql);
        reader.Read();
        return reader.GetInt64(0);
    }
}
