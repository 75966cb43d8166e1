using System.Text;
using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>
/// Finds outliers in numeric columns two ways (<see cref="DataIssueKinds.Outliers"/>): Tukey's fences, beyond
/// 1.5 x IQR from the quartiles, and the modified z-score |x - median| / (1.4826 MAD) above 3.5 (Iglewicz and Hoaglin).
/// Quartiles and medians come from the profile; one pass finds every column's MAD (on a seeded 100,000-row sample above that size) and one more counts both rules.
/// </summary>
internal static class OutlierDetector
{
    public const double IqrFactor = 1.5;
    public const double MadScale = 1.4826;
    public const double MadThreshold = 3.5;

    public static IEnumerable<DataIssue> Find(IssueContext context)
    {
        // Two-valued columns are flags: every value is a quartile, so nothing is an outlier.
        var columns = Enumerable.Range(0, context.Columns.Count)
            .Where(i => context.IsNumeric(i) && context.Columns[i].Distinct > 2 && context.Columns[i].Numeric is { Percentiles.Count: 101 })
            .ToList();
        if (columns.Count == 0) yield break;

        var median = string.Join(", ", columns.Select(i =>
        {
            var c = IssueContext.Alias(i);
            var deviation = $"abs({c} - {SqlText.Double(context.Columns[i].Numeric!.Median)})";
            return context.Approximate ? $"approx_quantile({deviation}, 0.5)" : $"quantile_cont({deviation}, 0.5)";
        }));
        // The MAD, like the quartiles, is a robust scale: on large tables a seeded sample estimates it well and far faster.
        var sample = context.Rows > CorrelationCalculator.RankSampleRows ? $" USING SAMPLE reservoir({CorrelationCalculator.RankSampleRows} ROWS) REPEATABLE (1)" : "";
        var mads = context.Row($"SELECT {median} FROM {context.View}{sample}");

        var fences = columns.Select((i, k) => Fences.For(context.Columns[i].Numeric!, mads[k])).ToList();
        var sql = new StringBuilder("SELECT count(*)");
        for (var k = 0; k < columns.Count; k++)
        {
            var c = IssueContext.Alias(columns[k]);
            sql.Append($", count_if({fences[k].IqrFilter(c)}), count_if({fences[k].MadFilter(c)})")
               .Append($", count_if({fences[k].EitherFilter(c)})");
        }
        var counts = context.Row(sql.Append(" FROM ").Append(context.View).ToString());

        for (var k = 0; k < columns.Count; k++)
        {
            var (iqr, mad, either) = ((long)counts[1 + 3 * k], (long)counts[2 + 3 * k], (long)counts[3 + 3 * k]);
            if (either == 0) continue;
            var f = fences[k];
            var name = context.Columns[columns[k]].Name;
            var examples = context.Examples(columns[k], f.EitherFilter(IssueContext.Alias(columns[k])));
            var iqrText = f.Iqr > 0 ? $"{IssueContext.Count(iqr)} outside the IQR fences [{IssueContext.Number(f.IqrLow)}, {IssueContext.Number(f.IqrHigh)}]" : "IQR rule not applicable (IQR is 0)";
            var madText = f.Mad > 0 ? $"{IssueContext.Count(mad)} with a modified z-score above {IssueContext.Number(MadThreshold)}, outside [{IssueContext.Number(f.MadLow)}, {IssueContext.Number(f.MadHigh)}]" : "MAD rule not applicable (MAD is 0)";
            var details = new Dictionary<string, double>
            {
                ["iqr_count"] = iqr, ["q1"] = f.Q1, ["q3"] = f.Q3, ["iqr_lower"] = f.IqrLow, ["iqr_upper"] = f.IqrHigh,
                ["mad_count"] = mad, ["median"] = f.Median, ["mad"] = f.Mad, ["mad_lower"] = f.MadLow, ["mad_upper"] = f.MadHigh,
            };
            yield return new DataIssue(DataIssueKinds.Outliers, name, either, examples,
                $"'{name}' has {IssueContext.Count(either)} outlying values: {iqrText}; {madText}.", details);
        }
    }

    private sealed record Fences(double Q1, double Q3, double Median, double Mad)
    {
        public double Iqr => Q3 - Q1;
        public double IqrLow => Q1 - IqrFactor * Iqr;
        public double IqrHigh => Q3 + IqrFactor * Iqr;
        public double MadLow => Median - MadThreshold * MadScale * Mad;
        public double MadHigh => Median + MadThreshold * MadScale * Mad;

        public static Fences For(NumericStats stats, double mad) => new(stats.Percentiles[25], stats.Percentiles[75], stats.Median, double.IsNaN(mad) ? 0 : mad);

        // A zero spread makes a rule flag every value off the centre, which says "near constant", not "outlier"; such a rule is off.
        public string IqrFilter(string c) => Iqr > 0 ? $"({c} < {SqlText.Double(IqrLow)} OR {c} > {SqlText.Double(IqrHigh)})" : "false";

        public string MadFilter(string c) =>
            Mad > 0 ? $"(abs({c} - {SqlText.Double(Median)}) / {SqlText.Double(MadScale * Mad)} > {SqlText.Double(MadThreshold)})" : "false";

        public string EitherFilter(string c) => $"({IqrFilter(c)} OR {MadFilter(c)})";
    }
}
