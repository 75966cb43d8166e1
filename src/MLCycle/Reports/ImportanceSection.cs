using System.Globalization;
using System.Text;
using MLCycle.Evaluation;
using MLCycle.Metrics;

namespace MLCycle.Reports;

/// <summary>The permutation importance of each input column: a horizontal bar chart (inline SVG, mean with an sd whisker) and a table.</summary>
public static class ImportanceSection
{
    /// <summary>The most columns drawn in the chart; the table lists them all.</summary>
    public const int MaxBars = 20;

    public static void Append(StringBuilder html, IReadOnlyList<FeatureImportance> importance, MetricDirection metric)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(metric);
        if (importance is not { Count: > 0 }) return;
        // The scikit-learn name (roc_auc), not the legacy one a spec may rank by (auc); the values are the same.
        metric = metric with { Key = MetricKeys.LegacyAliases.GetValueOrDefault(metric.Key, metric.Key) };
        html.Append("<section id=\"importance\"><h2>Feature importance</h2><p>How much ")
            .Append(HtmlText.Encode(metric.Key)).Append(metric.HigherIsBetter ? " falls" : " rises")
            .Append(" when one input column's values are shuffled across the test rows (permutation importance, mean ± sd over repeats). Near 0: the model does not rely on the column.</p>")
            .Append(Chart(importance.Take(MaxBars).ToList(), metric.Key));
        html.Append("<table><thead><tr><th>Column</th><th class=\"num\">Mean</th><th class=\"num\">SD</th></tr></thead><tbody>");
        foreach (var f in importance)
        {
            html.Append("<tr><td>").Append(HtmlText.Encode(f.Column)).Append("</td><td class=\"num\">").Append(HtmlText.Signed(f.Mean))
                .Append("</td><td class=\"num\">").Append(HtmlText.Number(f.Sd)).Append("</td></tr>");
        }
        html.Append("</tbody></table></section>");
    }

    private static string Chart(IReadOnlyList<FeatureImportance> bars, string metric)
    {
        const double labelWidth = 160, plotWidth = 320, rowHeight = 18, top = 8;
        double height = top * 2 + bars.Count * rowHeight;
        double min = Math.Min(0, bars.Min(b => b.Mean - b.Sd)), max = Math.Max(bars.Max(b => b.Mean + b.Sd), min + 1e-12);
        double X(double v) => labelWidth + (v - min) / (max - min) * plotWidth;
        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"permutation importance by ")
            .Append(HtmlText.Encode(metric)).Append("\" viewBox=\"0 0 ").Append(HtmlText.Coord(labelWidth + plotWidth + 12)).Append(' ').Append(HtmlText.Coord(height))
            .Append("\" width=\"").Append(HtmlText.Coord(labelWidth + plotWidth + 12)).Append("\" height=\"").Append(HtmlText.Coord(height)).Append("\">");
        svg.Append("<line class=\"frame\" x1=\"").Append(HtmlText.Coord(X(0))).Append("\" x2=\"").Append(HtmlText.Coord(X(0)))
            .Append("\" y1=\"").Append(HtmlText.Coord(top)).Append("\" y2=\"").Append(HtmlText.Coord(height - top)).Append("\"/>");
        for (int i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            double y = top + i * rowHeight;
            double x0 = X(Math.Min(0, b.Mean)), x1 = X(Math.Max(0, b.Mean));
            svg.Append("<text class=\"tick\" x=\"").Append(HtmlText.Coord(labelWidth - 6)).Append("\" y=\"").Append(HtmlText.Coord(y + rowHeight - 5))
                .Append("\" text-anchor=\"end\">").Append(HtmlText.Encode(b.Column)).Append("</text>")
                .Append("<rect class=\"bar\" x=\"").Append(HtmlText.Coord(x0)).Append("\" y=\"").Append(HtmlText.Coord(y + 3))
                .Append("\" width=\"").Append(HtmlText.Coord(Math.Max(0.5, x1 - x0))).Append("\" height=\"").Append(HtmlText.Coord(rowHeight - 6))
                .Append("\"><title>").Append(HtmlText.Encode(b.Column)).Append(": ").Append(b.Mean.ToString("G4", CultureInfo.InvariantCulture))
                .Append(" ± ").Append(b.Sd.ToString("G4", CultureInfo.InvariantCulture)).Append("</title></rect>")
                .Append("<line class=\"frame\" x1=\"").Append(HtmlText.Coord(X(b.Mean - b.Sd))).Append("\" x2=\"").Append(HtmlText.Coord(X(b.Mean + b.Sd)))
                .Append("\" y1=\"").Append(HtmlText.Coord(y + rowHeight / 2)).Append("\" y2=\"").Append(HtmlText.Coord(y + rowHeight / 2)).Append("\"/>");
        }
        return svg.Append("</svg>").ToString();
    }
}
