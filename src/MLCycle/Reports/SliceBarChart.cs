using System.Globalization;
using System.Text;
using MLCycle.Evaluation;

namespace MLCycle.Reports;

/// <summary>Per-slice metric bars (inline SVG): one bar per slice value, grouped by column, for the headline metric, with the
/// metric on all rows as a dashed line, so a slice that falls short of the whole stands out before anyone reads the table.</summary>
internal static class SliceBarChart
{
    /// <summary>The headline metrics in order of preference, as the terminal and the model card show slices.</summary>
    public static readonly string[] Headline = ["roc_auc", "f1_macro", "accuracy", "f1", "precision", "recall", "log_loss", "rmse", "mae", "r2"];

    /// <summary>The most bars drawn; the table beside the chart lists every slice.</summary>
    public const int MaxBars = 40;

    /// <summary>The chart for the first headline metric the slices have, or an empty string when none has one.</summary>
    public static string For(IReadOnlyList<SliceReport> slices, IReadOnlyDictionary<string, double>? overall)
    {
        ArgumentNullException.ThrowIfNull(slices);
        var present = slices.SelectMany(s => s.Metrics.Keys).ToHashSet(StringComparer.Ordinal);
        if (Headline.FirstOrDefault(present.Contains) is not { } key) return "";
        var bars = slices.Where(s => s.Metrics.TryGetValue(key, out var v) && double.IsFinite(v)).Take(MaxBars).ToList();
        if (bars.Count == 0) return "";
        double? whole = overall is not null && overall.TryGetValue(key, out var all) && double.IsFinite(all) ? all : null;
        return Draw(bars, key, whole);
    }

    private static string Draw(IReadOnlyList<SliceReport> bars, string key, double? whole)
    {
        const double labelWidth = 200, plotWidth = 300, rowHeight = 18, top = 8, valueWidth = 60;
        double height = top * 2 + bars.Count * rowHeight;
        var values = bars.Select(b => b.Metrics[key]).Append(whole ?? 0).ToList();
        double min = Math.Min(0, values.Min()), max = Math.Max(values.Max(), min + 1e-12);
        double X(double v) => labelWidth + (v - min) / (max - min) * plotWidth;
        var width = labelWidth + plotWidth + valueWidth;
        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"").Append(HtmlText.Encode(key)).Append(" per slice")
            .Append(whole is { } w0 ? $", all rows {w0.ToString("0.####", CultureInfo.InvariantCulture)}" : "")
            .Append("\" viewBox=\"0 0 ").Append(HtmlText.Coord(width)).Append(' ').Append(HtmlText.Coord(height))
            .Append("\" width=\"").Append(HtmlText.Coord(width)).Append("\" height=\"").Append(HtmlText.Coord(height)).Append("\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var value = b.Metrics[key];
            double y = top + i * rowHeight, x0 = X(Math.Min(0, value)), x1 = X(Math.Max(0, value));
            var label = $"{b.Column} = {b.Value ?? "(missing)"}";
            svg.Append("<text class=\"tick\" x=\"").Append(HtmlText.Coord(labelWidth - 6)).Append("\" y=\"").Append(HtmlText.Coord(y + rowHeight - 5))
                .Append("\" text-anchor=\"end\">").Append(HtmlText.Encode(label)).Append("</text>")
                .Append("<rect class=\"bar\" x=\"").Append(HtmlText.Coord(x0)).Append("\" y=\"").Append(HtmlText.Coord(y + 3))
                .Append("\" width=\"").Append(HtmlText.Coord(Math.Max(0.5, x1 - x0))).Append("\" height=\"").Append(HtmlText.Coord(rowHeight - 6))
                .Append("\"><title>").Append(HtmlText.Encode(label)).Append(": ").Append(HtmlText.Encode(key)).Append(' ')
                .Append(value.ToString("0.####", CultureInfo.InvariantCulture)).Append(" on ").Append(HtmlText.Count(b.Rows)).Append(" rows</title></rect>")
                .Append("<text class=\"tick\" x=\"").Append(HtmlText.Coord(labelWidth + plotWidth + 4)).Append("\" y=\"").Append(HtmlText.Coord(y + rowHeight - 5))
                .Append("\">").Append(value.ToString("0.###", CultureInfo.InvariantCulture)).Append("</text>");
        }
        if (whole is { } w)
        {
            svg.Append("<line class=\"frame\" stroke-dasharray=\"4 3\" x1=\"").Append(HtmlText.Coord(X(w))).Append("\" x2=\"").Append(HtmlText.Coord(X(w)))
                .Append("\" y1=\"").Append(HtmlText.Coord(top / 2)).Append("\" y2=\"").Append(HtmlText.Coord(height - top / 2))
                .Append("\"><title>all rows: ").Append(w.ToString("0.####", CultureInfo.InvariantCulture)).Append("</title></line>");
        }
        return svg.Append("</svg>").ToString();
    }
}
