using System.Text.RegularExpressions;
using MLCycle.Evaluation;
using MLCycle.Reports;

namespace MLCycle.Tests.Reports;

public sealed class PlotsSectionTests
{
    private static readonly bool[] Actual = [true, false, true, true, false, false];
    private static readonly double[] Score = [0.9, 0.8, 0.7, 0.4, 0.3, 0.2];

    [Fact]
    public void Render_binaryReportWithPlots_drawsEveryChartTitledWithAxes()
    {
        var report = SampleReports.Binary() with { Plots = ScorePlots.Binary(Actual, Score, 0.55) };

        string html = HtmlReportWriter.Render(report);

        foreach (var title in (string[])["ROC curve, AUC 0.7778", "Precision-recall curve, average precision", "Calibration (reliability) curve",
                     "Cumulative gain", "Precision, recall and F1 against the decision threshold, chosen threshold 0.55 marked"])
        {
            Assert.Contains($"aria-label=\"{title}", html);
            Assert.Contains($"<title>{title}", html);
        }
        foreach (var axis in (string[])["recall", "mean predicted probability", "share of positives found", "threshold"])
            Assert.Contains($"text-anchor=\"middle\">{axis}</text>", html);
        Assert.Contains("<polyline class=\"marker\"", html);
        Assert.Contains("<section id=\"confusion\">", html);
    }

    [Fact]
    public void Render_precisionRecallChart_plotsEveryCurvePoint()
    {
        var plots = ScorePlots.Binary(Actual, Score, 0.5);
        string html = HtmlReportWriter.Render(SampleReports.Binary() with { Plots = plots });

        // The second "curve" polyline is the precision-recall curve: six thresholds plus scikit-learn's (0, 1) end.
        var curves = Regex.Matches(html, "<polyline class=\"curve\" points=\"([^\"]*)\"");
        Assert.Equal(7, curves[1].Groups[1].Value.Trim().Split(' ').Length);
        Assert.Equal(7, plots.PrecisionRecall.Count);
    }

    [Fact]
    public void Render_regressionReportWithPlots_drawsResidualsAgainstPredicted()
    {
        double[] actual = [1, 2, 3, 4, 5];
        double[] predicted = [1.2, 1.8, 3.3, 3.9, 5.4];
        var test = MLCycle.Metrics.RegressionMetrics.Compute(actual, predicted);
        var report = SampleReports.Binary() with
        {
            Task = TaskKind.Regression, Test = test, Baseline = null, Gates = [], Fairness = [], Plots = ScorePlots.Regression(actual, predicted),
        };

        string html = HtmlReportWriter.Render(report);

        Assert.Contains("aria-label=\"Predicted against actual, 5 test rows\"", html);
        Assert.Contains("aria-label=\"Residuals against predicted, 5 test rows\"", html);
        Assert.Contains("aria-label=\"Residuals of 5 test rows\"", html);
    }

    [Fact]
    public void EvaluationRender_binaryWithPlots_drawsChartsAndConfusionMatrix()
    {
        var result = MLCycle.Metrics.BinaryMetrics.Compute(Actual, Score, "No", "Yes");
        var report = new EvaluationReport
        {
            Source = "scored.csv", Rows = 6, Task = TaskKind.Binary, TaskReason = "test", Target = "churn", Classes = result.Classes,
            Metrics = EvaluationReport.Shown(result), ConfusionMatrix = result.ConfusionMatrix, Plots = ScorePlots.Binary(Actual, Score, 0.5),
        };

        string html = EvaluationHtmlWriter.Render(report);

        Assert.Contains("<section id=\"confusion\">", html);
        Assert.Contains("aria-label=\"ROC curve, AUC 0.7778\"", html);
        Assert.Contains("aria-label=\"Calibration (reliability) curve", html);
        Assert.Contains("aria-label=\"Cumulative gain", html);
    }
}
