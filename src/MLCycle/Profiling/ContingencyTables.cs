using System.Globalization;
using System.Text;

namespace MLCycle.Profiling;

/// <summary>
/// Counts of value pairs for many column pairs in one scan, with DuckDB's GROUPING SETS: each pair is one grouping
/// set, and GROUPING() tells the sets apart. Rows where either value is missing are left out of that pair's table; large tables are sampled (see <see cref="CorrelationCalculator"/>).
/// </summary>
internal static class ContingencyTables
{
    private const int MaxKeysPerScan = 60;

    /// <summary>
    /// The table of each pair, keyed by the pair's positions in <paramref name="keys"/>; a key is any SQL expression over
    /// the view (a column, or a bin number of one).
    /// </summary>
    public static Dictionary<(int, int), Dictionary<(string, string), long>> Count(
        IssueContext context, IReadOnlyList<string> keys, IReadOnlyList<(int Left, int Right)> pairs)
    {
        var tables = pairs.Distinct().ToDictionary(p => p, _ => new Dictionary<(string, string), long>());
        if (tables.Count == 0) return tables;
        var used = tables.Keys.SelectMany(p => new[] { p.Left, p.Right }).Distinct().Order().ToList();
        if (used.Count > MaxKeysPerScan)
        {
            // GROUPING() returns a 64-bit mask, so a wide request is answered in halves.
            var list = tables.Keys.ToList();
            foreach (var half in new[] { list[..(list.Count / 2)], list[(list.Count / 2)..] })
                foreach (var (pair, table) in Count(context, keys, half)) tables[pair] = table;
            return tables;
        }
        var alias = used.Select((k, j) => (k, j)).ToDictionary(x => x.k, x => "k" + x.j.ToString(CultureInfo.InvariantCulture));
        var projected = string.Join(", ", used.Select(k => $"{keys[k]} AS {alias[k]}"));
        var sets = string.Join(", ", tables.Keys.Select(p => $"({alias[p.Left]}, {alias[p.Right]})"));
        var all = string.Join(", ", used.Select(k => alias[k]));
        var sample = context.Rows > CorrelationCalculator.ContingencySampleRows
            ? $" USING SAMPLE reservoir({CorrelationCalculator.ContingencySampleRows} ROWS) REPEATABLE (1)" : "";
        var sql = new StringBuilder($"SELECT GROUPING({all}) AS g, {all}, count(*) AS n FROM (SELECT {projected} FROM {context.View}{sample}) ")
            .Append($"GROUP BY GROUPING SETS ({sets})");

        // GROUPING() sets a bit per argument left out of the set, the first argument being the highest bit.
        var byMask = tables.Keys.ToDictionary(p => Mask(used, p), p => p);
        using var reader = context.Session.Query(sql.ToString());
        while (reader.Read())
        {
            var pair = byMask[Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture)];
            var (left, right) = (1 + used.IndexOf(pair.Left), 1 + used.IndexOf(pair.Right));
            if (reader.IsDBNull(left) || reader.IsDBNull(right)) continue;
            var cell = (Text(reader.GetValue(left)), Text(reader.GetValue(right)));
            tables[pair][cell] = reader.GetInt64(used.Count + 1);
        }
        return tables;
    }

    /// <summary>Cramér's V of a table: sqrt(chi² / (n (min(rows, columns) - 1))), without bias correction; NaN when a margin has one value.</summary>
    public static double CramersV(Dictionary<(string, string), long> table)
    {
        var rows = new Dictionary<string, long>();
        var columns = new Dictionary<string, long>();
        long n = 0;
        foreach (var ((a, b), count) in table)
        {
            rows[a] = rows.GetValueOrDefault(a) + count;
            columns[b] = columns.GetValueOrDefault(b) + count;
            n += count;
        }
        var k = Math.Min(rows.Count, columns.Count);
        if (k < 2) return double.NaN;
        double chi2 = 0;
        foreach (var (a, ra) in rows)
            foreach (var (b, cb) in columns)
            {
                var expected = (double)ra * cb / n;
                var observed = table.GetValueOrDefault((a, b));
                chi2 += (observed - expected) * (observed - expected) / expected;
            }
        return Math.Sqrt(chi2 / n / (k - 1));
    }

    /// <summary>The share of rows whose right value is the most common one for their left value, and the share of the most common right value overall.</summary>
    public static (double Purity, double Majority, long Rows) Purity(Dictionary<(string, string), long> table)
    {
        var n = table.Values.Sum();
        if (n == 0) return (double.NaN, double.NaN, 0);
        var pure = table.GroupBy(c => c.Key.Item1).Sum(g => g.Max(c => c.Value));
        var majority = table.GroupBy(c => c.Key.Item2).Max(g => g.Sum(c => c.Value));
        return ((double)pure / n, (double)majority / n, n);
    }

    private static long Mask(List<int> used, (int Left, int Right) pair)
    {
        long mask = 0;
        for (var j = 0; j < used.Count; j++)
            if (used[j] != pair.Left && used[j] != pair.Right) mask |= 1L << (used.Count - 1 - j);
        return mask;
    }

    private static string Text(object value) => Convert.ToString(value, CultureInfo.InvariantCulture)!;
}
