using System.Globalization;

namespace MLCycle.Profiling;

/// <summary>
/// Counts of value pairs for many column pairs over a seeded sample of at most
/// <see cref="CorrelationCalculator.ContingencySampleRows"/> rows (the rows of the profile's sample with the smallest
/// sampling priorities, itself a uniform sample). Each column's values become small integer codes once, and a pair's
/// table is a dense array of counts. Rows where either value is missing are left out of that pair's table.
/// </summary>
internal static class ContingencyTables
{
    /// <summary>The table of each pair, keyed by the pair's columns; a key function gives a sample row's value (or bin) as text, null when missing.</summary>
    public static Dictionary<(int, int), ContingencyTable> Count(
        IssueContext context, IReadOnlyList<Func<int, string?>?> keys, IReadOnlyList<(int Left, int Right)> pairs)
    {
        var list = pairs.Distinct().ToList();
        var rows = Rows(context);
        var codes = list.SelectMany(p => new[] { p.Left, p.Right }).Distinct()
            .ToDictionary(k => k, k => Codes(rows, keys[k]));
        return list.AsParallel().ToDictionary(p => p, p => Table(codes[p.Left], codes[p.Right]));
    }

    /// <summary>A column's value as a contingency key: its text, or its number written exactly.</summary>
    public static Func<int, string?> ValueKey(IssueContext context, int column)
    {
        var sample = context.Pass.Sample;
        return context.StoresNumbers(column)
            ? r => sample.Number(r, column) is var x && double.IsNaN(x) ? null : x.ToString("R", CultureInfo.InvariantCulture)
            : r => sample.Text(r, column);
    }

    /// <summary>Cramér's V of a table: sqrt(chi² / (n (min(rows, columns) - 1))), without bias correction; NaN when a margin has one value.</summary>
    public static double CramersV(ContingencyTable table)
    {
        var (rows, columns) = (table.RowTotals(), table.ColumnTotals());
        var present = (Rows: rows.Count(r => r > 0), Columns: columns.Count(c => c > 0));
        var k = Math.Min(present.Rows, present.Columns);
        if (k < 2) return double.NaN;
        double n = table.Total, chi2 = 0;
        for (var a = 0; a < rows.Length; a++)
        {
            if (rows[a] == 0) continue;
            for (var b = 0; b < columns.Length; b++)
            {
                if (columns[b] == 0) continue;
                var expected = rows[a] * (double)columns[b] / n;
                var observed = table[a, b];
                chi2 += (observed - expected) * (observed - expected) / expected;
            }
        }
        return Math.Sqrt(chi2 / n / (k - 1));
    }

    /// <summary>The share of rows whose right value is the most common one for their left value, and the share of the most common right value overall.</summary>
    public static (double Purity, double Majority, long Rows) Purity(ContingencyTable table)
    {
        var n = table.Total;
        if (n == 0) return (double.NaN, double.NaN, 0);
        long pure = 0;
        for (var a = 0; a < table.RowLevels; a++)
        {
            long best = 0;
            for (var b = 0; b < table.ColumnLevels; b++) best = Math.Max(best, table[a, b]);
            pure += best;
        }
        return ((double)pure / n, (double)table.ColumnTotals().Max() / n, n);
    }

    private static ContingencyTable Table((int[] Codes, int Levels) left, (int[] Codes, int Levels) right)
    {
        var table = new ContingencyTable(left.Levels, right.Levels);
        for (var r = 0; r < left.Codes.Length; r++)
            if (left.Codes[r] >= 0 && right.Codes[r] >= 0) table.Add(left.Codes[r], right.Codes[r]);
        return table;
    }

    // Each row's value as a code 0..levels-1 (-1 when missing), codes given in order of first appearance.
    private static (int[] Codes, int Levels) Codes(List<int> rows, Func<int, string?>? key)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var codes = new int[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            if ((key is null ? null : key(rows[r])) is not { } value) codes[r] = -1;
            else if (index.TryGetValue(value, out var code)) codes[r] = code;
            else codes[r] = index[value] = index.Count;
        }
        return (codes, index.Count);
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
}
