using MLCycle.Data;
using MLCycle.Profiling.Scanning;

namespace MLCycle.Profiling;

/// <summary>
/// Checks that need the target: class imbalance (<see cref="DataIssueKinds.ClassImbalance"/>) and features that give
/// the answer away (<see cref="DataIssueKinds.PossibleLeakage"/>) — a copy of the target, a feature whose every value maps
/// to one class for at least 98 % of rows, or a numeric feature correlated with a numeric target at |r| >= 0.98.
/// </summary>
internal static class TargetIssueDetector
{
    public const double MinorityShare = 0.10;
    public const double LeakagePurity = 0.98;
    public const double LeakageCorrelation = 0.98;
    /// <summary>Purity is only telling when each feature value covers many rows; an identifier is trivially pure.</summary>
    public const int MinRowsPerFeatureValue = 20;
    public const int MaxFeatureValues = 1000;

    /// <summary>A target is a class label when it is categorical or boolean, or numeric with at most 20 values (0/1 outcomes).</summary>
    public static bool IsClassification(ColumnProfile target) =>
        target.Kind is ColumnKind.Categorical or ColumnKind.Boolean
        || (target.Kind == ColumnKind.Numeric && target.Distinct <= ColumnProfileBuilder.NumericTopValuesMaxDistinct);

    public static IEnumerable<DataIssue> Find(IssueContext context, IReadOnlyList<Correlation> correlations)
    {
        var target = context.Target;
        if (target < 0) yield break;
        var profile = context.Columns[target];
        var classification = IsClassification(profile);
        if (classification && Imbalance(context, target) is { } imbalance) yield return imbalance;

        var copies = Copies(context, target);
        foreach (var i in copies)
            yield return Leak(context, i, context.Rows, $"'{context.Columns[i].Name}' equals the target '{profile.Name}' in every row; drop it.", null);

        if (classification)
        {
            foreach (var issue in PureFeatures(context, target, copies)) yield return issue;
            yield break;
        }
        foreach (var c in correlations.Where(c => c.Method is "pearson" or "eta" && Math.Abs(c.Value) >= LeakageCorrelation))
        {
            var other = c.Left == profile.Name ? c.Right : c.Right == profile.Name ? c.Left : null;
            if (other is null || copies.Contains(context.IndexOf(other))) continue;
            yield return Leak(context, context.IndexOf(other), context.Columns[context.IndexOf(other)].Count,
                $"'{other}' is almost the target '{profile.Name}' ({c.Method} {IssueContext.Number(c.Value)}); check it is known before the target is.",
                new Dictionary<string, double> { [c.Method] = c.Value });
        }
    }

    private static DataIssue? Imbalance(IssueContext context, int target)
    {
        var classes = context.Columns[target].TopValues;
        if (classes.Count < 2) return null;
        var total = (double)context.Columns[target].Count;
        var (major, minor) = (classes[0], classes[^1]);
        if (minor.Count / total >= MinorityShare) return null;
        var name = context.Columns[target].Name;
        object minorValue = context.Columns[target].Kind switch
        {
            ColumnKind.Boolean => minor.Value == "true" ? 1.0 : 0.0,
            ColumnKind.Numeric => double.Parse(minor.Value, System.Globalization.CultureInfo.InvariantCulture),
            _ => minor.Value,
        };
        var ratio = (double)major.Count / minor.Count;
        return new DataIssue(DataIssueKinds.ClassImbalance, name, minor.Count, context.ExamplesOfValues(target, [minorValue]),
            $"The target '{name}' is imbalanced: its rarest class '{minor.Value}' has {IssueContext.Count(minor.Count)} rows ({minor.Count / total:P1}), " +
            $"{ratio.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} times fewer than '{major.Value}'; use stratified splits and class weights, and judge by AUC or F1, not accuracy.",
            new Dictionary<string, double> { ["minority_share"] = minor.Count / total, ["majority_to_minority"] = ratio });
    }

    private static List<int> Copies(IssueContext context, int target) =>
        Enumerable.Range(0, context.Columns.Count)
            .Where(i => i != target && context.StoresNumbers(i) == context.StoresNumbers(target) && context.Columns[i].Count == context.Columns[target].Count
                        && context.Pass.TargetMatches[i] == context.Rows)
            .ToList();

    private static IEnumerable<DataIssue> PureFeatures(IssueContext context, int target, List<int> copies)
    {
        var keys = Enumerable.Range(0, context.Columns.Count).Select(i => Key(context, i)).ToList();
        var features = Enumerable.Range(0, context.Columns.Count)
            .Where(i => i != target && !copies.Contains(i) && context.Columns[i].Distinct >= 2 && keys[i] is not null)
            .ToList();
        var tables = ContingencyTables.Count(context, keys, features.Select(f => (f, target)).ToList());
        foreach (var f in features)
        {
            var (purity, majority, rows) = ContingencyTables.Purity(tables[(f, target)]);
            // Purity alone flatters an imbalanced target (99 % "No" makes every feature 99 % pure), so the feature must also
            // remove most of the error left by always guessing the majority class.
            if (!(purity >= LeakagePurity) || majority >= 1 || (purity - majority) / (1 - majority) < 0.9) continue;
            var name = context.Columns[f].Name;
            yield return Leak(context, f, rows,
                $"'{name}' alone predicts the target '{context.Columns[target].Name}' for {purity:P1} of rows (always guessing the majority class gives {majority:P1}); " +
                "check it is known before the target is.",
                new Dictionary<string, double> { ["purity"] = purity, ["majority_share"] = majority });
        }
    }

    // The grouping key of a feature: its value when it has few enough values, else (numbers) one of 20 equal-width bins.
    private static Func<int, string?>? Key(IssueContext context, int column)
    {
        var profile = context.Columns[column];
        if (profile.Distinct <= Math.Min(MaxFeatureValues, profile.Count / MinRowsPerFeatureValue)) return ContingencyTables.ValueKey(context, column);
        if (profile.Numeric is not { } n || n.Max <= n.Min) return null;
        var bins = ColumnProfileBuilder.HistogramBins;
        var (min, width) = (n.Min, n.Max - n.Min);
        var sample = context.Pass.Sample;
        return r => sample.Number(r, column) is var x && double.IsNaN(x) ? null
            : Math.Min((int)Math.Floor((x - min) / width * bins), bins - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static DataIssue Leak(IssueContext context, int column, long count, string message, IReadOnlyDictionary<string, double>? details) =>
        new(DataIssueKinds.PossibleLeakage, context.Columns[column].Name, count, [], message, details);
}
