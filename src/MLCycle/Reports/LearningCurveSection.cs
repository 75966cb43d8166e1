using System.Text;
using MLCycle.Training;

namespace MLCycle.Reports;

/// <summary>The learning curve section: training and validation score against training rows, the table behind it, and what it says by which rule.</summary>
internal static class LearningCurveSection
{
    public static void Append(StringBuilder html, LearningCurve? curve)
    {
        if (curve is null || curve.Points.Count == 0) return;
        html.Append("<section id=\"learning-curve\"><h2>Learning curve</h2><p>").Append(HtmlText.Encode(curve.Reading)).Append("</p>");
        if (curve.Points.Count > 1) html.Append("<div class=\"charts\">").Append(Chart(curve)).Append("</div>");
        html.Append("<table><thead><tr><th class=\"num\">share</th><th class=\"num\">training rows</th><th class=\"num\">train ")
            .Append(HtmlText.Encode(curve.Metric)).Append("</th><th class=\"num\">validation ").Append(HtmlText.Encode(curve.Metric)).Append("</th></tr></thead><tbody>");
        foreach (var p in curve.Points)
        {
            html.Append("<tr><td class=\"num\">").Append(HtmlText.Percent(p.Share)).Append("</td><td class=\"num\">").Append(HtmlText.Count(p.Rows))
                .Append("</td><td class=\"num\">").Append(HtmlText.Number(p.TrainMean)).Append(" ± ").Append(HtmlText.Number(p.TrainStd))
                .Append("</td><td class=\"num\">").Append(HtmlText.Number(p.ValidationMean)).Append(" ± ").Append(HtmlText.Number(p.ValidationStd)).Append("</td></tr>");
        }
        html.Append("</tbody></table><p class=\"note\">").Append(HtmlText.Encode(curve.Algorithm)).Append(" refitted on seeded samples of the training rows of the first ")
            .Append(curve.Folds).Append(" cross-validation folds; mean ± sd over those folds. ").Append(HtmlText.Encode(LearningCurve.Rule)).Append("</p></section>");
    }

    private static string Chart(LearningCurve curve)
    {
        var points = curve.Points;
        double low = points.Min(p => Math.Min(p.TrainMean - p.TrainStd, p.ValidationMean - p.ValidationStd));
        double high = points.Max(p => Math.Max(p.TrainMean + p.TrainStd, p.ValidationMean + p.ValidationStd));
        if (!double.IsFinite(low) || !double.IsFinite(high)) return "";
        var plot = new SvgPlot(360, 320, (0, points.Max(p => p.Rows)), (low, high));
        plot.Polyline(points.Select(p => ((double)p.Rows, p.TrainMean)), "curve2");
        plot.Polyline(points.Select(p => ((double)p.Rows, p.ValidationMean)), "curve");
        plot.Points(points.Select(p => ((double)p.Rows, p.ValidationMean)), "dots");
        // The folds' spread as a bar at each size: the reading's rule compares steps and gaps against it.
        foreach (var p in points) plot.Polyline([(p.Rows, p.ValidationMean - p.ValidationStd), (p.Rows, p.ValidationMean + p.ValidationStd)], "curve");
        double labelX = points[0].Rows;
        plot.Label(labelX, high - (high - low) * 0.05, "train", "legend curve2-label");
        plot.Label(labelX, high - (high - low) * 0.12, "validation", "legend curve-label");
        return plot.ToSvg($"Learning curve, {curve.Metric} against training rows", "training rows", curve.Metric);
    }
}
