namespace MLCycle.Reports;

/// <summary>
/// The charts drawn from a model's test scores (<see cref="Evaluation.ScorePlots"/>), one builder per kind, each an inline SVG
/// with a title, axis titles and an accessible name.
/// </summary>
internal static class ScoreCharts
{
    private const double Width = 360, Height = 320;

    /// <summary>Precision against recall, with the positive share as the line of a model without skill.</summary>
    public static string PrecisionRecall(IReadOnlyList<(double Recall, double Precision)> curve, double positiveShare, double averagePrecision, int maxPoints,
        string title = "Precision-recall curve")
    {
        var plot = new SvgPlot(Width, Height, (0, 1), (0, 1));
        plot.Polyline([(0, positiveShare), (1, positiveShare)], "chance");
        plot.Polyline(ReportCharts.Thin(curve, maxPoints).Select(p => (p.Recall, p.Precision)), "curve");
        return plot.ToSvg($"{title}, average precision {HtmlText.Number(averagePrecision)}", "recall", "precision");
    }

    /// <summary>The reliability curve: observed share of positives against the mean predicted probability per bin.</summary>
    public static string Calibration(IReadOnlyList<(double MeanPredicted, double FractionPositive, int Rows)> bins)
    {
        var plot = new SvgPlot(Width, Height, (0, 1), (0, 1));
        plot.Polyline([(0, 0), (1, 1)], "chance");
        plot.Polyline(bins.Select(b => (b.MeanPredicted, b.FractionPositive)), "curve");
        plot.Points(bins.Select(b => (b.MeanPredicted, b.FractionPositive)), "dots");
        return plot.ToSvg($"Calibration (reliability) curve, {bins.Count} non-empty bins of {Evaluation.ScorePlots.CalibrationBins}", "mean predicted probability", "observed share of positives");
    }

    /// <summary>Cumulative gain: the share of positives found when taking the highest-scored rows first, against random order.</summary>
    public static string Gain(IReadOnlyList<(double Share, double Gain)> gain, int maxPoints)
    {
        var plot = new SvgPlot(Width, Height, (0, 1), (0, 1));
        plot.Polyline([(0, 0), (1, 1)], "chance");
        plot.Polyline(ReportCharts.Thin(gain, maxPoints).Select(p => (p.Share, p.Gain)), "curve");
        double top = gain.LastOrDefault(p => p.Share <= 0.1 + 1e-12).Gain;
        return plot.ToSvg($"Cumulative gain, the top 10% of scores hold {HtmlText.Percent(top)} of positives (lift {(top / 0.1).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)})",
            "share of rows, highest scores first", "share of positives found");
    }

    /// <summary>Precision, recall and F1 against the threshold, the model's threshold marked.</summary>
    public static string Threshold(IReadOnlyList<(double Threshold, double Precision, double Recall, double F1)> curve, double? chosen, int maxPoints)
    {
        var plot = new SvgPlot(Width, Height, (0, 1), (0, 1));
        var thin = ReportCharts.Thin(curve, maxPoints);
        plot.Polyline(thin.Select(p => (p.Threshold, p.Precision)), "curve");
        plot.Polyline(thin.Select(p => (p.Threshold, p.Recall)), "curve2");
        plot.Polyline(thin.Select(p => (p.Threshold, p.F1)), "curve3");
        plot.Label(0.72, 0.95, "precision", "legend curve-label");
        plot.Label(0.72, 0.88, "recall", "legend curve2-label");
        plot.Label(0.72, 0.81, "F1", "legend curve3-label");
        string marked = "";
        if (chosen is { } t && t >= 0 && t <= 1)
        {
            plot.Polyline([(t, 0), (t, 1)], "marker");
            plot.Label(t, 0.03, $" threshold {HtmlText.Number(t)}", "legend");
            marked = $", chosen threshold {HtmlText.Number(t)} marked";
        }
        return plot.ToSvg($"Precision, recall and F1 against the decision threshold{marked}", "threshold", "score");
    }

    /// <summary>Residuals (actual - predicted) against the predicted value, with the zero line.</summary>
    public static string ResidualsVsPredicted(IReadOnlyList<(double Actual, double Predicted)> points, int maxPoints)
    {
        var sample = ReportCharts.Thin(points, maxPoints);
        double minX = sample.Min(p => p.Predicted), maxX = sample.Max(p => p.Predicted);
        double minY = sample.Min(p => p.Actual - p.Predicted), maxY = sample.Max(p => p.Actual - p.Predicted);
        double spread = Math.Max(Math.Abs(minY), Math.Abs(maxY));
        var plot = new SvgPlot(Width, Height, (minX, maxX), (-spread, spread));
        plot.Polyline([(minX, 0), (maxX, 0)], "chance");
        plot.Points(sample.Select(p => (p.Predicted, p.Actual - p.Predicted)), "dots");
        return plot.ToSvg($"Residuals against predicted, {sample.Count} test rows", "predicted", "actual - predicted");
    }
}
