using MLCycle.Data;
using MLCycle.Profiling.Scanning;

namespace MLCycle.Profiling;

/// <summary>
/// Associations between columns: Pearson and Spearman between numeric columns, Cramér's V between categorical ones, and
/// eta (the correlation ratio) between the target and features of the other family. Spearman is the Pearson correlation
/// of average ranks. All are computed on the profile's row sample (every row up to <see cref="RankSampleRows"/>, a seeded
/// uniform sample above); Cramér's V on at most <see cref="ContingencySampleRows"/> of those rows.
/// </summary>
internal static class CorrelationCalculator
{
    public const int MaxNumericColumns = 30;
    public const int MaxCategoricalColumns = 30;
    public const int MaxCategories = 50;
    public const int RankSampleRows = 100_000;
    /// <summary>Above this many rows Cramér's V and the leakage purity are computed on a seeded sample of this many rows.</summary>
    public const int ContingencySampleRows = 20_000;

    public static List<Correlation> Compute(IssueContext context)
    {
        var target = context.Target;
        var numeric = Pick(context, i => context.IsNumeric(i) && context.Columns[i].Distinct >= 2, MaxNumericColumns, target);
        var categorical = Pick(context, IsCategory(context), MaxCategoricalColumns, target);
        var result = new List<Correlation>();
       
        if (numeric.Count >= 2) result.AddRange(PearsonAndSpearman(context, numeric));
        if (categorical.Count >= 2) result.AddRange(CramersV(context, categorical));
        if (target >= 0) result.AddRange(Eta(context, target, numeric, categorical));
        return result;
    }

    /// <summary>Categorical and boolean columns with 2..50 values (so does a numeric class-label target).</summary>
    public static Func<int, bool> IsCategory(IssueContext context) => i =>
        context.Columns[i].Distinct is >= 2 and <= MaxCategories
        && (context.Columns[i].Kind is ColumnKind.Categorical or ColumnKind.Boolean || (i == context.Target && TargetIssueDetector.IsClassification(context.Columns[i])));

    private static List<int> Pick(IssueContext context, Func<int, bool> wanted, int cap, int target)
    {
        var picked = Enumerable.Range(0, context.Columns.Count).Where(i => i != target && wanted(i)).Take(cap).ToList();
        if (target >= 0 && wanted(target)) picked.Add(target);
        return picked;
    }

    private static IEnumerable<(int, int)> Pairs(List<int> columns)
    {
        for (var a = 0; a < columns.Count; a++)
            for (var b = a + 1; b < columns.Count; b++) yield return (columns[a], columns[b]);
    }

    private static List<Correlation> PearsonAndSpearman(IssueContext context, List<int> columns)
    {
        var sample = context.Pass.Sample;
        var values = columns.Select(sample.NumbersOf).ToList();
        var pearson = PairwiseCorrelation.All(values);
        var spearman = PairwiseCorrelation.All(columns.AsParallel().AsOrdered().Select(c => sample.Sorted(c).Ranks()).ToList());
        var result = new List<Correlation>();
        foreach (var (method, r) in new[] { ("pearson", pearson), ("spearman", spearman) })
            for (var a = 0; a < columns.Count; a++)
                for (var b = a + 1; b < columns.Count; b++)
                    if (double.IsFinite(r[a, b]))
                        result.Add(new Correlation(context.Columns[columns[a]].Name, context.Columns[columns[b]].Name, method, r[a, b]));
        return result;
    }

    private static IEnumerable<Correlation> CramersV(IssueContext context, List<int> columns)
    {
        var keys = Enumerable.Range(0, context.Columns.Count).Select(i => (Func<int, string?>?)ContingencyTables.ValueKey(context, i)).ToList();
        var tables = ContingencyTables.Count(context, keys, Pairs(columns).ToList());
        foreach (var ((a, b), table) in tables)
        {
            var v = ContingencyTables.CramersV(table);
            if (double.IsFinite(v)) yield return new Correlation(context.Columns[a].Name, context.Columns[b].Name, "cramers_v", v);
        }
    }

    /// <summary>Eta = sqrt(between-group sum of squares / total sum of squares) of a numeric column grouped by a categorical one.</summary>
    private static List<Correlation> Eta(IssueContext context, int target, List<int> numeric, List<int> categorical)
    {
        var result = new List<Correlation>();
        if (categorical.Contains(target))
            foreach (var f in numeric.Where(f => f != target)) Add(f, target);
        else if (numeric.Contains(target))
            foreach (var g in categorical.Where(g => g != target)) Add(target, g);
        return result;

        void Add(int value, int group)
        {
            var key = ContingencyTables.ValueKey(context, group);
            var sample = context.Pass.Sample;
            var pairs = Enumerable.Range(0, sample.Count).Select(r => (Group: key(r), Value: sample.Number(r, value)))
                .Where(p => p.Group is not null && !double.IsNaN(p.Value)).ToList();
            if (pairs.Count == 0) return;
            var total = pairs.Average(p => p.Value);
            var ss = pairs.Sum(p => (p.Value - total) * (p.Value - total));
            var between = pairs.GroupBy(p => p.Group).Sum(g => g.Count() * Math.Pow(g.Average(p => p.Value) - total, 2));
            var eta = between / ss;
            if (double.IsFinite(eta))
                result.Add(new Correlation(context.Columns[value].Name, context.Columns[group].Name, "eta", Math.Sqrt(Math.Clamp(eta, 0, 1))));
        }
    }
}
