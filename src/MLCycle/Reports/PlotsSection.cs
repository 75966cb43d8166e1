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
    }

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
