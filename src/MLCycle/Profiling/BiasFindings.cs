using System.Globalization;

namespace MLCycle.Profiling;

/// <summary>
/// Turns a bias check into sentences: missing sensitive values, under-represented groups, target rates that differ
/// across groups (judged by the four-fifths rule on the lowest over the highest rate), and gaps to the expected population.
/// </summary>
internal static class BiasFindings
{
    public const double FourFifths = 0.8;
    public const double Significance = 0.05;
    public const int MaxSeparateUnderRepresented = 3;

    /// <summary>The findings per sensitive column, then for the intersection, each under the name its groups carry.</summary>
    public static IReadOnlyList<(string Column, IReadOnlyList<string> Sentences)> Write(IReadOnlyList<BiasColumn> columns,
        IReadOnlyList<BiasGroupShare> groups, IReadOnlyList<BiasPopulationGap> gaps, BiasOptions options)
    {
        var result = new List<(string, IReadOnlyList<string>)>();
        foreach (var name in columns.Select(c => c.Name).Concat(groups.Select(g => g.Column)).Distinct(StringComparer.Ordinal))
        {
            var findings = new List<string>();
            var own = groups.Where(g => g.Column == name).ToList();
            if (columns.FirstOrDefault(c => c.Name == name) is { } column)
            {
                if (own.FirstOrDefault(g => g.Values[0] == BiasColumn.MissingGroup) is { } missing)
                    findings.Add($"'{column.Name}' is missing in {Count(missing.Count)} rows ({Percent(missing.Share)}); they are kept as the group {BiasColumn.MissingGroup}.");
                if (column.BandEdges is not null)
                    findings.Add($"'{column.Name}' has many values, so it is grouped into {column.BandEdges.Count - 1} bands: " +
                        $"{string.Join(", ", Enumerable.Range(0, column.BandEdges.Count - 1).Select(column.BandLabel))}.");
                if (options.Target is not null) TargetRates(findings, column.Name, own, options);
            }
            UnderRepresented(findings, name, own.Where(g => g.UnderRepresented).ToList(), options);
            findings.AddRange(gaps.Where(g => g.Column == name).Select(Gap));
            result.Add((name, findings));
        }
        return result;
    }

    private static void UnderRepresented(List<string> findings, string column, List<BiasGroupShare> flagged, BiasOptions options)
    {
        var threshold = Percent(options.UnderRepresentedShare);
        // Intersections can flag many small cells; past a few, one sentence per column reads better than a wall of them.
        if (flagged.Count > MaxSeparateUnderRepresented)
            findings.Add($"{flagged.Count} groups of '{column}' are under-represented (below the {threshold} threshold): " +
                string.Join(", ", flagged.Select(g => $"'{g.Label}' {Count(g.Count)} rows ({Percent(g.Share)})")) + ".");
        else
            foreach (var group in flagged)
                findings.Add($"{Describe(group)} is under-represented: {Count(group.Count)} rows ({Percent(group.Share)}), below the {threshold} threshold.");
    }

    private static void TargetRates(List<string> findings, string column, IReadOnlyList<BiasGroupShare> own, BiasOptions options)
    {
        var rated = own.Where(g => g.TargetRate is not null && g.Values[0] != BiasColumn.MissingGroup).ToList();
        if (rated.Count < 2) return;
        var low = rated.MinBy(g => g.TargetRate)!;
        var high = rated.MaxBy(g => g.TargetRate)!;
        var isShare = options.PositiveClass is not null;
        var what = isShare ? $"The rate of '{options.Target}' = '{options.PositiveClass}'" : $"The mean of '{options.Target}'";
        var format = isShare ? (Func<double, string>)Percent : Number;
        var sentence = $"{what} across '{column}' ranges from {format(low.TargetRate!.Value)} ('{low.Label}') to {format(high.TargetRate!.Value)} ('{high.Label}')";
        if (!isShare || high.TargetRate <= 0)
        {
            findings.Add(sentence + ".");
            return;
        }
        var ratio = low.TargetRate!.Value / high.TargetRate!.Value;
        findings.Add(sentence + $"; the ratio {Number(ratio)} is " +
            (ratio < FourFifths ? $"below {Number(FourFifths)} (the four-fifths rule), a disparity worth a look." : $"within the four-fifths rule."));
    }

    private static string Gap(BiasPopulationGap gap)
    {
        var test = $"chi-squared {Number(gap.ChiSquared)}, df {gap.DegreesOfFreedom}, p = {gap.PValue.ToString("G3", CultureInfo.InvariantCulture)}";
        if (gap.PValue >= Significance) return $"'{gap.Column}' matches the expected population ({test}).";
        var shares = string.Join(", ", gap.Groups.Select(g => $"'{g.Group}' {Percent(g.ObservedShare)} against {Percent(g.ExpectedShare)}"));
        var weights = string.Join(", ", gap.Groups.Select(g => $"'{g.Group}' {Number(g.Weight)}"));
        return $"'{gap.Column}' differs from the expected population ({test}): {shares} expected; " +
               $"weighting rows by expected over observed share ({weights}) corrects it.";
    }

    private static string Describe(BiasGroupShare group) =>
        group.Values.Count == 1
            ? $"'{group.Column}' = '{group.Values[0]}'"
            : string.Join(" and ", group.Column.Split('×').Zip(group.Values, (c, v) => $"'{c}' = '{v}'"));

    private static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
