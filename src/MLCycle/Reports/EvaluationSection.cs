using System.Text;
using MLCycle.Evaluation;
using MLCycle.Metrics;

namespace MLCycle.Reports;

/// <summary>The evaluation sections: test metrics against the baseline, per-class scores, the confusion matrix and the curves.</summary>
internal static class EvaluationSection
{
    public static void AppendMetrics(StringBuilder html, RunReport report)
    {
        html.Append("<section id=\"metrics\"><h2>Test metrics against the baseline</h2>");
        html.Append("<p class=\"note\">The baseline ignores the features: ")
            .Append(report.Task == TaskKind.Regression ? "it predicts the training mean." : "it predicts the majority class with the training class shares as probabilities.")
            .Append(" Difference is model minus baseline; lift is the relative improvement, positive when the model is better.</p>");
        html.Append("<table><thead><tr><th>Metric</th><th class=\"num\">Model</th><th class=\"num\">Baseline</th><th class=\"num\">Difference</th><th class=\"num\">Lift</th></tr></thead><tbody>");
        foreach (var key in CandidatesSection.MetricKeys(report.RankedBy.Key, report.Test.Metrics.Keys))
        {
            double model = report.Test.Metrics[key];
            html.Append("<tr><td>").Append(HtmlText.Encode(key)).Append("</td><td class=\"num\">").Append(HtmlText.Number(model)).Append("</td>");
            if (report.Baseline?.Metrics.TryGetValue(key, out double baseline) == true)
            {
                double difference = model - baseline;
                bool better = PrimaryMetric.IsHigherBetter(key) ? difference > 0 : difference < 0;
                string cls = double.IsNaN(difference) || difference == 0 ? "" : better ? " better" : " worse";
                html.Append("<td class=\"num\">").Append(HtmlText.Number(baseline)).Append("</td><td class=\"num").Append(cls).Append("\">")
                    .Append(HtmlText.Signed(difference)).Append("</td><td class=\"num").Append(cls).Append("\">")
                    .Append(HtmlText.SignedPercent(BaselineLift.Compute(key, model, baseline))).Append("</td>");
            }
            else
            {
                html.Append("<td class=\"num\">—</td><td class=\"num\">—</td><td class=\"num\">—</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        AppendPerClass(html, report.Test);
        html.Append("</section>");
    }

    public static void AppendConfusionMatrix(StringBuilder html, EvaluationResult test) => AppendConfusionMatrix(html, test.Classes, test.ConfusionMatrix);

    public static void AppendConfusionMatrix(StringBuilder html, IReadOnlyList<string> classes, long[][]? confusion)
    {
        if (confusion is not { } matrix || classes.Count != matrix.Length) return;
        html.Append("<section id=\"confusion\"><h2>Confusion matrix</h2>")
            .Append("<p class=\"note\">Rows are actual classes, columns predicted; shading is the share of each actual class.</p>")
            .Append("<table class=\"confusion\"><thead><tr><th>actual \\ predicted</th>");
        foreach (var c in classes) html.Append("<th>").Append(HtmlText.Encode(c)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        for (int r = 0; r < matrix.Length; r++)
        {
            long total = matrix[r].Sum();
            html.Append("<tr><th>").Append(HtmlText.Encode(classes[r])).Append("</th>");
            foreach (long count in matrix[r])
            {
                double share = total == 0 ? 0 : (double)count / total;
                string ink = share > 0.55 ? "#fff" : "inherit";
                html.Append("<td style=\"background:rgba(37,99,235,").Append(HtmlText.Coord(share)).Append(");color:").Append(ink)
                    .Append("\">").Append(HtmlText.Count(count)).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table></section>");
    }

    public static void AppendCurves(StringBuilder html, RunReport report, int maxPoints)
    {
        if (report.Plots is { } plots)
        {
            PlotsSection.Append(html, plots, report.Test.Metrics, maxPoints);
            return;
        }
        if (report.Task == TaskKind.Binary && report.Test.Roc.Count > 1)
        {
            double auc = report.Test.Metrics.TryGetValue("auc", out double a) ? a : double.NaN;
            html.Append("<section id=\"roc\"><h2>ROC curve</h2><div class=\"charts\">")
                .Append(ReportCharts.Roc(report.Test.Roc, auc, maxPoints)).Append("</div></section>");
            return;
        }
        if (report.Task != TaskKind.Regression) return;
        var points = report.Residuals.Where(p => double.IsFinite(p.Actual) && double.IsFinite(p.Predicted)).ToList();
        html.Append("<section id=\"residuals\"><h2>Predicted against actual</h2>");
        if (points.Count == 0)
        {
            html.Append("<p class=\"note\">No test predictions were recorded for this run.</p></section>");
            return;
        }
        html.Append("<div class=\"charts\">").Append(ReportCharts.PredictedVsActual(points, maxPoints))
            .Append(ReportCharts.ResidualHistogram(points)).Append("</div></section>");
    }

    private static void AppendPerClass(StringBuilder html, EvaluationResult test)
    {
        if (test.PerClass.Count == 0) return;
        html.Append("<h3>Per class</h3><table><thead><tr><th>Class</th><th class=\"num\">Precision</th><th class=\"num\">Recall</th>")
            .Append("<th class=\"num\">F1</th><th class=\"num\">Support</th></tr></thead><tbody>");
        foreach (var c in test.PerClass)
        {
            html.Append("<tr><td>").Append(HtmlText.Encode(c.Class)).Append("</td><td class=\"num\">").Append(HtmlText.Number(c.Precision))
                .Append("</td><td class=\"num\">").Append(HtmlText.Number(c.Recall)).Append("</td><td class=\"num\">").Append(HtmlText.Number(c.F1))
                .Append("</td><td class=\"num\">").Append(HtmlText.Count(c.Support)).Append("</td></tr>");
        }
        html.Append("</tbody></table>");
    }
}
