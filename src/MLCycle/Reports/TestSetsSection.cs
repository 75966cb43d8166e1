using System.Text;
using MLCycle.Evaluation;

namespace MLCycle.Reports;

/// <summary>
/// The model against the expert's predictions, the extra test sets beside the split's test rows (one column of metrics each), the slices of the test rows and of every set,
/// and the fairness on every set.
/// </summary>
internal static class TestSetsSection
{
    public static void Append(StringBuilder html, RunReport report)
    {
        if (report.Expert is { } expert)
        {
            html.Append("<section id=\"expert\"><h2>Model against the expert</h2><p class=\"note\">")
                .Append(HtmlText.Encode($"The expert's predictions in {Path.GetFileName(expert.Source)} (matched by {expert.MatchedBy}) cover {expert.Rows} of the {expert.TestRows} test rows; both are scored on exactly those."))
                .Append(expert.Probabilities ? "" : " The expert gave labels only, so each counts as certain (probability 1).").Append("</p>")
                .Append("<table style=\"width:auto\"><thead><tr><th>Metric</th><th class=\"num\">Model</th><th class=\"num\">Expert</th></tr></thead><tbody>");
            foreach (var (key, model) in expert.ModelMetrics)
            {
                html.Append("<tr><td>").Append(HtmlText.Encode(key)).Append("</td><td class=\"num\">").Append(HtmlText.Number(model)).Append("</td><td class=\"num\">")
                    .Append(expert.ExpertMetrics.TryGetValue(key, out var e) ? HtmlText.Number(e) : "—").Append("</td></tr>");
            }
            html.Append("</tbody></table></section>");
        }
        if (report.TestSets.Count > 0)
        {
            var keys = report.TestSets.SelectMany(s => s.Report.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            html.Append("<section id=\"test-sets\"><h2>Extra test sets</h2><p class=\"note\">The chosen model scored on each file as serving would score it; refused rows are left out of its metrics.</p>")
                .Append("<table><thead><tr><th>Metric</th><th class=\"num\">Test rows</th>");
            foreach (var (name, _) in report.TestSets) html.Append("<th class=\"num\">").Append(HtmlText.Encode(name)).Append("</th>");
            html.Append("</tr></thead><tbody><tr><td>rows (refused)</td><td class=\"num\">").Append("—</td>");
            foreach (var (_, set) in report.TestSets)
                html.Append("<td class=\"num\">").Append(HtmlText.Count(set.Rows)).Append(" (").Append(HtmlText.Count(set.RefusedRows)).Append(")</td>");
            html.Append("</tr>");
            foreach (var key in keys)
            {
                html.Append("<tr><td>").Append(HtmlText.Encode(key)).Append("</td><td class=\"num\">")
                    .Append(report.Test.Metrics.TryGetValue(key, out var test) ? HtmlText.Number(test) : "—").Append("</td>");
                foreach (var (_, set) in report.TestSets)
                    html.Append("<td class=\"num\">").Append(set.Metrics.TryGetValue(key, out var v) ? HtmlText.Number(v) : "—").Append("</td>");
                html.Append("</tr>");
            }
            html.Append("</tbody></table></section>");
        }
        var sliced = new List<(string Rows, IReadOnlyList<SliceReport> Slices, IReadOnlyDictionary<string, double> Overall)>();
        if (report.TestSlices.Count > 0) sliced.Add(("test rows", report.TestSlices, report.Test.Metrics));
        sliced.AddRange(report.TestSets.Where(s => s.Report.Slices is { Count: > 0 }).Select(s => (s.Name, s.Report.Slices!, s.Report.Metrics)));
        if (sliced.Count > 0)
        {
            var keys = sliced.SelectMany(s => s.Slices).SelectMany(s => s.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            html.Append("<section id=\"slices\"><h2>Slices</h2>");
            foreach (var (rows, slices, overall) in sliced)
            {
                var chart = SliceBarChart.For(slices, overall);
                if (chart.Length > 0) html.Append("<figure>").Append(chart).Append("<figcaption>").Append(HtmlText.Encode(rows)).Append(" (dashed: all of them)</figcaption></figure>");
            }
            html.Append("<table><thead><tr><th>Rows</th><th>Column</th><th>Value</th><th class=\"num\">Count</th>");
            foreach (var key in keys) html.Append("<th class=\"num\">").Append(HtmlText.Encode(key)).Append("</th>");
            html.Append("</tr></thead><tbody>");
            foreach (var (rows, slices, _) in sliced)
            {
                foreach (var s in slices)
                {
                    html.Append("<tr><td>").Append(HtmlText.Encode(rows)).Append("</td><td>").Append(HtmlText.Encode(s.Column)).Append("</td><td>")
                        .Append(HtmlText.Encode(s.Value ?? "(missing)")).Append("</td><td class=\"num\">").Append(HtmlText.Count(s.Rows)).Append("</td>");
                    foreach (var key in keys) html.Append("<td class=\"num\">").Append(s.Metrics.TryGetValue(key, out var v) ? HtmlText.Number(v) : "—").Append("</td>");
                    html.Append("</tr>");
                }
            }
            html.Append("</tbody></table></section>");
        }
        foreach (var (name, set) in report.TestSets)
            FairnessSection.Append(html, set.Fairness ?? [], report.Task, [], $"the test set {name}", id: $"fairness-{name}");
    }
}
