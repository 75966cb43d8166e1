namespace MLCycle.Statistics;

/// <summary>Benjamini–Hochberg adjusted p-values, which keep the false discovery rate across many tests at the level used.</summary>
public static class BenjaminiHochberg
{
    /// <summary>
    /// q_(i) = min over j ≥ i of p_(j) · m / j (sorted ascending, capped at 1), returned in the input order; null entries are
    /// tests not run and do not count in m. Equal to statsmodels' <c>multipletests(method="fdr_bh")</c>.
    /// </summary>
    public static double?[] Adjust(IReadOnlyList<double?> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var present = Enumerable.Range(0, pValues.Count).Where(i => pValues[i] is { } p && !double.IsNaN(p))
            .OrderBy(i => pValues[i]!.Value).ToArray();
        var adjusted = new double?[pValues.Count];
        var m = present.Length;
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var index = present[rank - 1];
            running = Math.Min(running, pValues[index]!.Value * m / rank);
            adjusted[index] = running;
        }
        return adjusted;
    }
}
