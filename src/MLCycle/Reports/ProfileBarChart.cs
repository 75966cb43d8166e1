using System.Text;

namespace MLCycle.Reports;

/// <summary>One bar of a <see cref="ProfileBarChart"/>: its label, length, the text printed after it and its CSS class.</summary>
internal sealed record ProfileBar(string Label, double Value, string Text, string CssClass = "bar");

/// <summary>
/// A horizontal bar chart with text labels (top values, missing shares, group shares), drawn by hand as inline SVG
/// in the run report's chart style; an optional dashed line marks a threshold.
/// </summary>
internal static class ProfileBarChart
{
    private const double TextWidth = 100, RowHeight = 18, Pad = 6;
    

    public static string Render(string ariaLabel, IReadOnlyList<ProfileBar> bars, double max, double width = 460,
        (double Value, string Label)? threshold = null)
    {
        // Narrow charts (column cards) give the labels less room so the bars stay readable.
        double labelWidth = Math.Min(150, Math.Round(width * 0.3));
        double barArea = width - labelWidth - TextWidth;
        double top = threshold is null ? Pad : Pad + 14;
        double height = top + bars.Count * RowHeight + Pad;
        double scale = max > 0 ? barArea / max : 0;
        var svg = new StringBuilder(256 + bars.Count * 220);
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart bars\" role=\"img\" aria-label=\"").Append(HtmlText.Encode(ariaLabel))
            .Append("\" viewBox=\"0 0 ").Append(HtmlText.Coord(width)).Append(' ').Append(HtmlText.Coord(height)).Append("\" width=\"")
            .Append(HtmlText.Coord(width)).Append("\" height=\"").Append(HtmlText.Coord(height)).Append("\"><title>").Append(HtmlText.Encode(ariaLabel)).Append("</title>");
        for (int i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            double y = top + i * RowHeight;
            double length = Math.Max(bar.Value > 0 ? 1 : 0, bar.Value * scale);
            svg.Append("<text class=\"label\" x=\"").Append(labelWidth - 6).Append("\" y=\"").Append(HtmlText.Coord(y + 12.5))
                .Append("\" text-anchor=\"end\">").Append(HtmlText.Encode(Shorten(bar.Label, (int)(labelWidth / 6.5)))).Append("<title>").Append(HtmlText.Encode(bar.Label))
                .Append("</title></text><rect class=\"").Append(bar.CssClass).Append("\" x=\"").Append(labelWidth).Append("\" y=\"")
                .Append(HtmlText.Coord(y + 3)).Append("\" width=\"").Append(HtmlText.Coord(length)).Append("\" height=\"").Append(RowHeight - 6)
                .Append("\"/><text class=\"value\" x=\"").Append(HtmlText.Coord(labelWidth + length + 4)).Append("\" y=\"").Append(HtmlText.Coord(y + 12.5))
                .Append("\">").Append(HtmlText.Encode(bar.Text)).Append("</text>");
        }
        if (threshold is { } t && max > 0)
        {
            string x = HtmlText.Coord(labelWidth + Math.Min(t.Value, max) * scale);
            svg.Append("<line class=\"threshold\" x1=\"").Append(x).Append("\" x2=\"").Append(x).Append("\" y1=\"").Append(top - 4)
                .Append("\" y2=\"").Append(HtmlText.Coord(height - Pad + 2)).Append("\"/><text class=\"tick\" x=\"").Append(x)
                .Append("\" y=\"").Append(top - 6).Append("\" text-anchor=\"middle\">").Append(HtmlText.Encode(t.Label)).Append("</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static string Shorten(string label, int max) => label.Length <= max ? label : label[..(max - 1)] + "…";
}
