using MLCycle.Profiling.Scanning;

namespace MLCycle.Profiling;

/// <summary>
/// Finds outliers in numeric columns two ways (<see cref="DataIssueKinds.Outliers"/>): Tukey's fences, beyond
/// 1.5 x IQR from the quartiles, and the modified z-score |x - median| / (1.4826 MAD) above 3.5 (Iglewicz and Hoaglin).
/// Quartiles and medians come from the profile and the MAD from the row sample (every row up to its size); the second
/// pass counts both rules over every row.
/// </summary>
internal static class OutlierDetector
{
    public const double IqrFactor = 1.5;
    public const double MadScale = 1.4826;
    public const double MadThreshold = 3.5;

    public sealed record Probes(int Column, Fences Fences, NumberProbe Iqr, NumberProbe Mad, NumberProbe Either);

    public static List<Probes> Plan(IssueContext context, SecondPassPlan plan)
    {
        // Two-valued columns are flags: every value is a quartile, so nothing is an outlier.
        var columns = Enumerable.Range(0, context.Columns.Count)
            .Where(i => context.IsNumeric(i) && context.Columns[i].Distinct > 2 && context.Columns[i].Numeric is { Percentiles.Count: 101 }).ToList();
        var fences = columns.AsParallel().AsOrdered().Select(i =>
        {
            var stats = context.Columns[i].Numeric!;
            var mad = context.Pass.Sample.Sorted(i).MedianAbsoluteDeviation(stats.Median);
            return Fences.For(stats, double.IsNaN(mad) ? 0 : mad);
        }).ToList();
        var result = new List<Probes>();
        for (var k = 0; k < columns.Count; k++)
        {
            var (i, f) = (columns[k], fences[k]);
            var (low, high) = f.Inliers;
            result.Add(new Probes(i, f, plan.AddProbe(i, f.IsIqrOutlier, low, high), plan.AddProbe(i, f.IsMadOutlier, low, high), plan.AddProbe(i, f.IsOutlier, low, high)));
        }
        return result;
    }

    public static IEnumerable<DataIssue> Find(IssueContext context, List<Probes> probes)
    {
        foreach (var (column, f, iqrProbe, madProbe, either) in probes)
        {
            if (either.Count == 0) continue;
            var (iqr, mad) = (iqrProbe.Count, madProbe.Count);
            var name = context.Columns[column].Name;
            var iqrText = f.Iqr > 0 ? $"{IssueContext.Count(iqr)} outside the IQR fences [{IssueContext.Number(f.IqrLow)}, {IssueContext.Number(f.IqrHigh)}]" : "IQR rule not applicable (IQR is 0)";
            var madText = f.Mad > 0 ? $"{IssueContext.Count(mad)} with a modified z-score above {IssueContext.Number(MadThreshold)}, outside [{IssueContext.Number(f.MadLow)}, {IssueContext.Number(f.MadHigh)}]" : "MAD rule not applicable (MAD is 0)";
            var details = new Dictionary<string, double>
            {
                ["iqr_count"] = iqr, ["q1"] = f.Q1, ["q3"] = f.Q3, ["iqr_lower"] = f.IqrLow, ["iqr_upper"] = f.IqrHigh,
                ["mad_count"] = mad, ["median"] = f.Median, ["mad"] = f.Mad, ["mad_lower"] = f.MadLow, ["mad_upper"] = f.MadHigh,
            };
            yield return new DataIssue(DataIssueKinds.Outliers, name, either.Count, context.Examples(column, [either.Rows]),
                $"'{name}' has {IssueContext.Count(either.Count)} outlying values: {iqrText}; {madText}.", details);
        }
    }

    /// <summary>The bounds of both rules for one column.</summary>
    public sealed record Fences(double Q1, double Q3, double Median, double Mad)
    {
        public double Iqr => Q3 - Q1;
        public double IqrLow => Q1 - IqrFactor * Iqr;
        public double IqrHigh => Q3 + IqrFactor * Iqr;
        public double MadLow => Median - MadThreshold * MadScale * Mad;
        public double MadHigh => Median + MadThreshold * MadScale * Mad;

        public static Fences For(NumericStats stats, double mad) => new(stats.Percentiles[25], stats.Percentiles[75], stats.Median, double.IsNaN(mad) ? 0 : mad);

        // A zero spread makes a rule flag every value off the centre, which says "near constant", not "outlier"; such a rule is off.
        public bool IsIqrOutlier(double x) => Iqr > 0 && (x < IqrLow || x > IqrHigh);

        public bool IsMadOutlier(double x) => Mad > 0 && Math.Abs(x - Median) / (MadScale * Mad) > MadThreshold;

        public bool IsOutlier(double x) => IsIqrOutlier(x) || IsMadOutlier(x);

        /// <summary>A range no rule flags: inside both fences (a rule that is off flags nothing).</summary>
        public (double Low, double High) Inliers => (
            Math.Max(Iqr > 0 ? IqrLow : double.NegativeInfinity, Mad > 0 ? MadLow : double.NegativeInfinity),
            Math.Min(Iqr > 0 ? IqrHigh : double.PositiveInfinity, Mad > 0 ? MadHigh : double.PositiveInfinity));
    }
}
