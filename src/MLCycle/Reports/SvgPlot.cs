using System.Text;

namespace MLCycle.Reports;

/// <summary>
/// A small hand-written SVG plot: a frame with ticked axes over a data domain, onto which charts draw lines, points and bars.
/// Written by hand so the report needs no script or external asset.
/// </summary>
internal sealed class SvgPlot
{
    private const double Left = 52, Right = 12, Top = 12, Bottom = 40;
    private readonly double _width, _height, _xMin, _xMax, _yMin, _yMax;
    private readonly StringBuilder _body = new();

    public SvgPlot(double width, double height, (double Min, double Max) x, (double Min, double Max) y)
    {
        _width = width;
        _height = height;
        (_xMin, _xMax) = Widen(x);
        (_yMin, _yMax) = Widen(y);
    }

    public double X(double v) => Left + (v - _xMin) / (_xMax - _xMin) * (_width - Left - Right);

    public double Y(double v) => _height - Bottom - (v - _yMin) / (_yMax - _yMin) * (_height - Top - Bottom);

    public void Polyline(IEnumerable<(double X, double Y)> points, string cssClass)
    {
        _body.Append("<polyline class=\"").Append(cssClass).Append("\" points=\"");
        foreach (var (px, py) in points) _body.Append(HtmlText.Coord(X(px))).Append(',').Append(HtmlText.Coord(Y(py))).Append(' ');
        _body.Append("\"/>");
    }

    public void Points(IEnumerable<(double X, double Y)> points, string cssClass)
    {
        _body.Append("<g class=\"").Append(cssClass).Append("\">");
        foreach (var (px, py) in points)
            _body.Append("<circle cx=\"").Append(HtmlText.Coord(X(px))).Append("\" cy=\"").Append(HtmlText.Coord(Y(py))).Append("\" r=\"2\"/>");
        _body.Append("</g>");
    }

    /// <summary>A text label at a data point, for legends and markers.</summary>
    public void Label(double x, double y, string text, string cssClass)
    {
        _body.Append("<text class=\"").Append(cssClass).Append("\" x=\"").Append(HtmlText.Coord(X(x))).Append("\" y=\"")
            .Append(HtmlText.Coord(Y(y))).Append("\">").Append(HtmlText.Encode(text)).Append("</text>");
    }

    public void Bar(double x0, double x1, double y, string cssClass)
    {
        double top = Y(y), bottom = Y(_yMin);
        _body.Append("<rect class=\"").Append(cssClass).Append("\" x=\"").Append(HtmlText.Coord(X(x0)))
            .Append("\" y=\"").Append(HtmlText.Coord(top)).Append("\" width=\"").Append(HtmlText.Coord(Math.Max(0, X(x1) - X(x0) - 1)))
            .Append("\" height=\"").Append(HtmlText.Coord(bottom - top)).Append("\"/>");
    }

    /// <summary>The finished SVG with axes, tick labels and axis titles; <paramref name="label"/> is the accessible name.</summary>
    public string ToSvg(string label, string xTitle, string yTitle)
    {
        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"").Append(HtmlText.Encode(label))
            .Append("\" viewBox=\"0 0 ").Append(_width).Append(' ').Append(_height).Append("\" width=\"").Append(_width)
            .Append("\" height=\"").Append(_height).Append("\"><title>").Append(HtmlText.Encode(label)).Append("</title>");
        foreach (double t in Ticks(_xMin, _xMax))
        {
            string x = HtmlText.Coord(X(t));
            svg.Append("<line class=\"grid\" x1=\"").Append(x).Append("\" x2=\"").Append(x).Append("\" y1=\"").Append(Top)
                .Append("\" y2=\"").Append(_height - Bottom).Append("\"/><text class=\"tick\" x=\"").Append(x).Append("\" y=\"")
                .Append(_height - Bottom + 14).Append("\" text-anchor=\"middle\">").Append(HtmlText.Compact(t)).Append("</text>");
        }
        foreach (double t in Ticks(_yMin, _yMax))
        {
            string y = HtmlText.Coord(Y(t));
            svg.Append("<line class=\"grid\" x1=\"").Append(Left).Append("\" x2=\"").Append(_width - Right).Append("\" y1=\"").Append(y)
                .Append("\" y2=\"").Append(y).Append("\"/><text class=\"tick\" x=\"").Append(Left - 4).Append("\" y=\"").Append(y)
                .Append("\" dy=\"3\" text-anchor=\"end\">").Append(HtmlText.Compact(t)).Append("</text>");
        }
        svg.Append("<rect class=\"frame\" x=\"").Append(Left).Append("\" y=\"").Append(Top).Append("\" width=\"").Append(_width - Left - Right)
            .Append("\" height=\"").Append(_height - Top - Bottom).Append("\"/>");
        svg.Append(_body);
        svg.Append("<text class=\"axis\" x=\"").Append(HtmlText.Coord((Left + _width - Right) / 2)).Append("\" y=\"").Append(_height - 6)
            .Append("\" text-anchor=\"middle\">").Append(HtmlText.Encode(xTitle)).Append("</text>");
        svg.Append("<text class=\"axis\" transform=\"translate(12 ").Append(HtmlText.Coord((Top + _height - Bottom) / 2))
            .Append(") rotate(-90)\" text-anchor=\"middle\">").Append(HtmlText.Encode(yTitle)).Append("</text></svg>");
        return svg.ToString();
    }

    /// <summary>Round tick values (steps of 1, 2 or 5 times a power of ten) inside [min, max], about five of them.</summary>
    internal static IReadOnlyList<double> Ticks(double min, double max)
    {
        double raw = (max - min) / 5;
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double multiple = (raw / power) switch { < 1.5 => 1, < 3.5 => 2, < 7.5 => 5, _ => 10 };
        double step = multiple * power;
        var ticks = new List<double>();
        for (double t = Math.Ceiling(min / step) * step; t <= max + step * 1e-9; t += step)
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        return ticks;
    }

    // A zero-width domain (all values equal) would divide by zero; give it some room instead.
    private static (double, double) Widen((double Min, double Max) d) =>
        d.Max > d.Min ? d : (d.Min - Math.Max(1, Math.Abs(d.Min) * 0.1), d.Max + Math.Max(1, Math.Abs(d.Max) * 0.1));
}
