using System.Globalization;

namespace MLCycle.Evaluation.Fairness;

/// <summary>
/// Chooses per-group thresholds on out-of-fold predictions so every group gets the same rate (TPR for equal opportunity,
/// selection rate for demographic parity). The rule: the target rate is the one the model's global threshold gives over all
/// rows, so the overall trade-off the global threshold chose (F1 or cost) is kept as nearly as possible; each group with at
/// least <c>minGroupSize</c> rows (and, for TPR, at least one positive) gets the cut whose rate in the group is nearest the
/// target, ties going to the cut nearest the global threshold. Smaller groups keep the global threshold.
/// </summary>
public static class GroupThresholdChooser
{
    /// <summary>The rates a spec can name.</summary>
    public static IReadOnlyList<string> Rates { get; } = ["equal_opportunity", "demographic_parity"];

    public static GroupThresholds Choose(string column, string rate, IReadOnlyList<string?> groups, IReadOnlyList<bool> positive,
        IReadOnlyList<double> probability, double global, int minGroupSize = 30)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentNullException.ThrowIfNull(probability);
        if (!Rates.Contains(rate)) throw new MLCycleException(ErrorKind.BadSpec, $"Unknown fairness rate '{rate}'; expected one of {string.Join(", ", Rates)}.");
        if (groups.Count != positive.Count || groups.Count != probability.Count)
            throw new ArgumentException($"Expected one group, label and probability per row; found {groups.Count}, {positive.Count}, {probability.Count}.");
        var tpr = rate == "equal_opportunity";
        // Rows that no fold validated (time splits) have no out-of-fold probability.
        var rows = Enumerable.Range(0, groups.Count).Where(i => double.IsFinite(probability[i])).ToArray();
        var target = Rate(rows, positive, probability, global, tpr);
        var thresholds = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var group in rows.Where(i => groups[i] is not null).GroupBy(i => groups[i]!, StringComparer.Ordinal))
        {
            var members = group.ToArray();
            if (members.Length < minGroupSize || (tpr && !members.Any(i => positive[i]))) continue;
            thresholds[group.Key] = Nearest(members, positive, probability, global, tpr, target);
        }
        var name = tpr ? "TPR" : "selection rate";
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"per-group thresholds on '{column}' equalise the {name} at {target:0.###} (the global threshold {global:0.####}'s over {rows.Length} out-of-fold predictions); " +
            $"{thresholds.Count} group(s) of at least {minGroupSize} rows got one, other and unseen groups use the global threshold");
        return new GroupThresholds { Column = column, Rate = rate, Global = global, Thresholds = thresholds, Reason = reason };
    }

    private static double Rate(IReadOnlyList<int> rows, IReadOnlyList<bool> positive, IReadOnlyList<double> probability, double threshold, bool tpr)
    {
        var of = tpr ? rows.Where(i => positive[i]).ToArray() : rows.ToArray();
        return of.Length == 0 ? 0 : (double)of.Count(i => probability[i] > threshold) / of.Length;
    }

    // Candidate cuts: the midpoints between distinct probabilities of the group, and just above the top and below the bottom.
    private static double Nearest(int[] members, IReadOnlyList<bool> positive, IReadOnlyList<double> probability, double global, bool tpr, double target)
    {
        var values = members.Select(i => probability[i]).Distinct().Order().ToArray();
        var cuts = new List<double> { Math.Max(0, values[0] - 1e-9), Math.Min(1, values[^1] + 1e-9) };
        for (var i = 1; i < values.Length; i++) cuts.Add((values[i - 1] + values[i]) / 2);
        cuts.Add(global);
        return cuts.OrderBy(c => Math.Abs(Rate(members, positive, probability, c, tpr) - target)).ThenBy(c => Math.Abs(c - global)).First();
    }
}
