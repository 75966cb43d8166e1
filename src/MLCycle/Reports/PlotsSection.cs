using System.Text;
using MLCycle.Evaluation;

namespace MLCycle.Reports;

/// <summary>The plots of a model's test scores, shared by the run report and <c>mlcycle evaluate --html</c>.</summary>
internal static class PlotsSection
{
    public static void Append(StringBuilder html, ScorePlots plots, IReadOnlyDictionary<string, double> metrics, int maxPoints)
    {
        if (plots.Task == TaskKind.Binary) AppendBinary(html, plots, metrics, maxPoints);
        else if (plots.Task == TaskKind.Regression) AppendRegression(html, plots, maxPoints);
        else if (plots.Task == TaskKind.Multiclass && plots.PerClass.Count > 0) AppendMulticlass(html, plots, maxPoints);
    }

    /// <summary>Classes past this many are listed in the table without charts: two charts each would bury the report.</summary>
    public const int MaxClassCharts = 12;

    private static void AppendMulticlass(StringBuilder html, ScorePlots plots, int maxPoints)
    {
        html.Append("<section id=\"plots\"><h2>One-vs-rest curves of the test scores</h2><table><thead><tr><th>class</th><th>test rows</th>")
            .Append("<th>ROC AUC</th><th>average precision</th></tr></thead><tbody>");
        foreach (var c in plots.PerClass)
        {
            html.Append("<tr><td>").Append(HtmlText.Encode(c.Class)).Append("</td><td>").Append(HtmlText.Count(c.Rows)).Append("</td><td>")
                .Append(Area(c.RocAuc)).Append("</td><td>").Append(Area(c.AveragePrecision)).Append("</td></tr>");
        }
        html.Append("<tr><td>micro average</td><td>").Append(HtmlText.Count(plots.Rows)).Append("</td><td>").Append(Area(plots.MicroRocAuc))
            .Append("</td><td></td></tr><tr><td>macro average</td><td></td><td>").Append(Area(plots.MacroRocAuc)).Append("</td><td></td></tr></tbody></table>");
        html.Append("<div class=\"charts\">");
        if (plots.MicroRoc.Count > 1) html.Append(ReportCharts.Roc(plots.MicroRoc, plots.MicroRocAuc, maxPoints, "Micro-average ROC curve (every row and class pooled)"));
        foreach (var c in plots.PerClass.Take(MaxClassCharts))
        {
            if (c.Roc.Count > 1) html.Append(ReportCharts.Roc(c.Roc, c.RocAuc, maxPoints, $"ROC curve of {c.Class} against the rest"));
            if (c.PrecisionRecall.Count > 1)
                html.Append(ScoreCharts.PrecisionRecall(c.PrecisionRecall, (double)c.Rows / plots.Rows, c.AveragePrecision, maxPoints, $"Precision-recall of {c.Class} against the rest"));
        }
        html.Append("</div><p class=\"note\">Each class is scored by its own probability against all other classes together (scikit-learn's label_binarize). ")
            .Append("The micro average pools every (row, class) pair; the macro average is the mean of the classes' ROC AUC")
            .Append(plots.PerClass.Any(c => double.IsNaN(c.RocAuc)) ? ", over the classes present in the test rows (an absent class has no curve)" : "")
            .Append(plots.PerClass.Count > MaxClassCharts ? $". Charts are drawn for the first {MaxClassCharts} classes; the table lists all {plots.PerClass.Count}" : "")
            .Append(".</p></section>");
    }

    private static string Area(double value) => double.IsNaN(value) ? "undefined" : HtmlText.Number(value);

    private static void AppendBinary(StringBuilder html, ScorePlots plots, IReadOnlyDictionary<string, double> metrics, int maxPoints)
    {
        html.Append("<section id=\"plots\"><h2>Plots of the test scores</h2>");
        if (plots.Roc.Count == 0)
        {
            html.Append("<p class=\"note\">The test rows hold only one class, so the ROC, precision-recall and gain curves are undefined.</p>");
        }
        html.Append("<div class=\"charts\">");
        if (plots.Roc.Count > 1)
            html.Append(ReportCharts.Roc(plots.Roc, metrics.TryGetValue("roc_auc", out double auc) ? auc : double.NaN, maxPoints));
        if (plots.PrecisionRecall.Count > 1)
        {
            double positives = plots.Gain.Count > 1 ? Share(plots) : 0;
            html.Append(ScoreCharts.PrecisionRecall(plots.PrecisionRecall, positives, metrics.TryGetValue("pr_auc", out double ap) ? ap : double.NaN, maxPoints));
        }
        if (plots.Calibration.Count > 0) html.Append(ScoreCharts.Calibration(plots.Calibration));
        if (plots.Gain.Count > 1) html.Append(ScoreCharts.Gain(plots.Gain, maxPoints));
        if (plots.Thresholds.Count > 0) html.Append(ScoreCharts.Threshold(plots.Thresholds, plots.Threshold, maxPoints));
        html.Append("</div><p class=\"note\">Threshold curve: a row counts as positive when its score is at or above the threshold. ")
            .Append("Calibration: ").Append(ScorePlots.CalibrationBins).Append(" equal-width bins of predicted probability; a well-calibrated model stays on the diagonal.</p></section>");
    }

    private static void AppendRegression(StringBuilder html, ScorePlots plots, int maxPoints)
    {
        html.Append("<section id=\"residuals\"><h2>Predicted against actual</h2>");
        if (plots.Residuals.Count == 0)
        {
            html.Append("<p class=\"note\">No test predictions were recorded.</p></section>");
            return;
        }
        html.Append("<div class=\"charts\">").Append(ReportCharts.PredictedVsActual(plots.Residuals, maxPoints))
            .Append(ScoreCharts.ResidualsVsPredicted(plots.Residuals, maxPoints))
            .Append(ReportCharts.ResidualHistogram(plots.Residuals)).Append("</div></section>");
    }

    // The share of positives among all rows: the precision of a model that calls every row positive (the last threshold).
    private static double Share(ScorePlots plots) => plots.Thresholds[^1].Precision;
}
