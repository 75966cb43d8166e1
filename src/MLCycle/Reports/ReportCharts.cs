using System.Text;

namespace MLCycle.Reports;

/// <summary>The charts of the run report, each returned as an inline SVG string.</summary>
internal static class ReportCharts
{
    /// <summary>A tiny axis-less histogram for a profile table cell.</summary>
    public static string Sparkline(IReadOnlyList<long> counts, string columnName)
    {
        const double width = 120, height = 28;
        long max = counts.Count == 0 ? 0 : counts.Max();
        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spark\" role=\"img\" aria-label=\"histogram of ")
            .Append(HtmlText.Encode(columnName)).Append("\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height)
            .Append("\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\">");
        double barWidth = counts.Count == 0 ? 0 : width / counts.Count;
        for (int i = 0; i < counts.Count && max > 0; i++)
        {
            double h = counts[i] == 0 ? 0 : Math.Max(1, counts[i] * (height - 2) / max);
            svg.Append("<rect x=\"").Append(HtmlText.Coord(i * barWidth)).Append("\" y=\"").Append(HtmlText.Coord(height - h))
                .Append("\" width=\"").Append(HtmlText.Coord(Math.Max(0.5, barWidth - 1))).Append("\" height=\"").Append(HtmlText.Coord(h)).Append("\"/>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The ROC curve with the chance diagonal; long curves are thinned to <paramref name="maxPoints"/> points.</summary>
    public static string Roc(IReadOnlyList<(double Fpr, double Tpr)> roc, double auc, int maxPoints, string title = "ROC curve")
    {
        var plot = new SvgPlot(360, 320, (0, 1), (0, 1));
        plot.Polyline([(0, 0), (1, 1)], "chance");
        plot.Polyline(Thin(roc, maxPoints).Select(p => (p.Fpr, p.Tpr)), "curve");
        return plot.ToSvg($"{title}, AUC {HtmlText.Number(auc)}", "false positive rate", "true positive rate");
    }

    /// <summary>Predicted against actual values with the line of perfect prediction.</summary>
    public static string PredictedVsActual(IReadOnlyList<(double Actual, double Predicted)> points, int maxPoints)
    {
        var sample = Thin(points, maxPoints);
        double min = sample.Min(p => Math.Min(p.Actual, p.Predicted));
        double max = sample.Max(p => Math.Max(p.Actual, p.Predicted));
        // A little room on both sides keeps the extreme points off the frame.
        double pad = (max - min) * 0.04;
        (min, max) = (min - pad, max + pad);
        var plot = new SvgPlot(360, 320, (min, max), (min, max));
        plot.Polyline([(min, min), (max, max)], "chance");
        plot.Points(sample.Select(p => (p.Actual, p.Predicted)), "dots");
        return plot.ToSvg($"Predicted against actual, {sample.Count} test rows", "actual", "predicted");
    }

    /// <summary>A histogram of residuals (actual - predicted) in 30 equal bins.</summary>
    public static string ResidualHistogram(IReadOnlyList<(double Actual, double Predicted)> points)
    {
        const int bins = 30;
        var residuals = points.Select(p => p.Actual - p.Predicted).ToArray();
        double min = residuals.Min(), max = residuals.Max();
        double width = max > min ? (max - min) / bins : 1;
        var counts = new long[bins];
        foreach (double r in residuals) counts[Math.Min(bins - 1, (int)((r - min) / width))]++;
        var plot = new SvgPlot(360, 320, (min, min + width * bins), (0, counts.Max()));
        for (int i = 0; i < bins; i++) plot.Bar(min + i * width, min + (i + 1) * width, counts[i], "bar");
        return plot.ToSvg($"Residuals of {residuals.Length} test rows", "actual - predicted", "rows");
    }

    /// <summary>Every k-th point so at most <paramref name="max"/> remain, always keeping the last one; deterministic, so reports are reproducible.</summary>
    internal static IReadOnlyList<T> Thin<T>(IReadOnlyList<T> points, int max)
    {
        if (points.Count <= max) return points;
        int stride = (int)Math.Ceiling((double)points.Count / max);
        var kept = new List<T>(max + 1);
        for (int i = 0; i < points.Count; i += stride) kept.Add(points[i]);
        if ((points.Count - 1) % stride != 0) kept.Add(points[^1]);
        return kept;
    }
}
