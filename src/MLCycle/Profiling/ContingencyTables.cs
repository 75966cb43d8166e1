using System.Globalization;
using MLCycle.Profiling.Scanning;

namespace MLCycle.Profiling;

/// <summary>
/// Counts of value pairs for many column pairs over a seeded sample of at most
/// <see cref="CorrelationCalculator.ContingencySampleRows"/> rows (the rows of the profile's sample with the smallest
/// sampling priorities, itself a uniform sample). Rows where either value is missing are left out of that pair's table.
/// </summary>
internal static class ContingencyTables
{
    /// <summary>The table of each pair, keyed by the pair's columns; a key function gives a row's value (or bin) as text, null when missing.</summary>
    public static Dictionary<(int, int), Dictionary<(string, string), long>> Count(
        IssueContext context, IReadOnlyList<Func<int, string?>?> keys, IReadOnlyList<(int Left, int Right)> pairs)
    {
        var list = pairs.Distinct().ToList();
        var tables = list.ToDictionary(p => p, _ => new Dictionary<(string, string), long>());
        if (list.Count == 0) return tables;
        var rows = Rows(context);
        // Each used column's values become small integer codes once, so a pair is counted with one long key per row.
        var codes = new Dictionary<int, (int[] Codes, List<string> Values)>();
        foreach (var k in list.SelectMany(p => new[] { p.Left, p.Right }).Distinct())
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var values = new List<string>();
            var column = rows.Select(r =>
            {
                if ((keys[k] is { } key ? key(r) : null) is not { } v) return -1;
                if (!index.TryGetValue(v, out var code)) (index[v], code) = (values.Count, values.Count);
                if (code == values.Count) values.Add(v);
                return code;
            }).ToArray();
            codes[k] = (column, values);
        }
        foreach (var pair in list)
        {
            var ((left, leftValues), (right, rightValues)) = (codes[pair.Left], codes[pair.Right]);
            var counts = new Dictionary<long, long>();
            for (var r = 0; r < left.Length; r++)
                if (left[r] >= 0 && right[r] >= 0)
                    counts[((long)left[r] << 32) | (uint)right[r]] = counts.GetValueOrDefault(((long)left[r] << 32) | (uint)right[r]) + 1;
            var table = tables[pair];
            foreach (var (key, n) in counts) table[(leftValues[(int)(key >> 32)], rightValues[(int)(key & 0xFFFFFFFF)])] = n;
        }
        return tables;
    }

    /// <summary>A column's value as a contingency key: its text, or its number written exactly.</summary>
    public static Func<int, string?> ValueKey(IssueContext context, int column)
    {
        var sample = context.Pass.Sample;
        return context.StoresNumbers(column)
            ? r => sample.Number(r, column) is var x && double.IsNaN(x) ? null : x.ToString("R", CultureInfo.InvariantCulture)
            : r => sample.Text(r, column);
    }

    // Sample rows (by index) to count: all of them, or the ones with the smallest priorities, themselves a uniform sample.
    private static List<int> Rows(IssueContext context)
    {
        var sample = context.Pass.Sample;
        var all = Enumerable.Range(0, sample.Count);
        return sample.Count <= CorrelationCalculator.ContingencySampleRows
            ? all.ToList()
            : all.OrderBy(i => sample.Priorities[i]).Take(CorrelationCalculator.ContingencySampleRows).ToList();
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
}
