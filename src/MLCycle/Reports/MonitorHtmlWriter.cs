using System.Globalization;
using System.Text;
using MLCycle.Monitoring;
using MLCycle.Profiling.Drift;

namespace MLCycle.Reports;

/// <summary>
/// Renders a <see cref="MonitorReport"/> (<c>mlcycle monitor --html</c>) as one self-contained page: drift per feature with
/// PSI and Jensen–Shannon bars, and with windows, the largest feature PSI and the prediction PSI per window as a line chart.
/// Charts are inline SVG with an accessible name; nothing is fetched.
/// </summary>
public static class MonitorHtmlWriter
{
    private const double BarWidth = 120;

    public static string Render(MonitorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var d = report.Drift;
        var html = new StringBuilder(16 * 1024);
        var title = HtmlText.Encode($"Monitoring of {report.Model} v{report.Version}");
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(title).Append("</title><style>")
            .Append(ReportStyle.Css).Append("</style></head><body><main><header><h1>").Append(title).Append("</h1><p class=\"meta\">")
            .Append(HtmlText.Count(d.CurrentRows)).Append(" rows of ").Append(HtmlText.Encode(report.Source)).Append(" against ")
            .Append(HtmlText.Count(d.ReferenceRows)).Append(" training rows · PSI threshold ").Append(HtmlText.Number(d.PsiThreshold))
            .Append(" · ").Append(HtmlText.Encode(Verdict(d))).Append("</p></header>");
        AppendFeatures(html, d);
        if (report.Windows is { Count: > 0 } windows) AppendWindows(html, windows, d.PsiThreshold, report.UntimedRows);
        return html.Append("</main></body></html>\n").ToString();
    }

    /// <summary>Writes the page through a temporary file and a rename.</summary>
    public static Task WriteAsync(MonitorReport report, string path, CancellationToken ct = default) => AtomicTextFile.WriteAsync(path, Render(report), ct);

    private static string Verdict(DriftReport d) =>
        d.AnyDrift ? $"drift in {string.Join(", ", d.DriftedFeatures.DefaultIfEmpty("the prediction"))}"
        : d.TooFewRows ? $"too few rows for a verdict ({d.MinimumRows:N0} needed)" : "no drift above the threshold";

    private static void AppendFeatures(StringBuilder html, DriftReport d)
    {
        var rows = d.Features.OrderByDescending(f => f.Drifted).ThenByDescending(f => f.Psi).ToList();
        if (d.Prediction is { } p) rows.Add(p);
        // Bars share one scale per metric, so features compare at a glance; PSI's scale includes the threshold.
        var psiScale = Math.Max(d.PsiThreshold, rows.Select(f => f.Psi).Where(double.IsFinite).DefaultIfEmpty(0).Max());
        var jsScale = Math.Max(1e-9, rows.Select(f => f.JensenShannon ?? 0).Where(double.IsFinite).DefaultIfEmpty(0).Max());
        html.Append("<section id=\"features\"><h2>Drift per feature</h2><table><thead><tr>");
        foreach (var h in new[] { "feature", "kind", "PSI", "", "Jensen–Shannon", "", "Wasserstein", "KS", "chi²", "p (BH)", "missing", "verdict" })
            html.Append("<th>").Append(HtmlText.Encode(h)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var f in rows)
        {
            var name = f == d.Prediction ? "(prediction)" : f.Name;
            html.Append("<tr><td>").Append(HtmlText.Encode(name)).Append("</td><td>").Append(HtmlText.Encode(f.Kind.ToString().ToLowerInvariant()))
                .Append("</td><td>").Append(HtmlText.Number(f.Psi)).Append("</td><td>").Append(Bar(f.Psi, psiScale, $"PSI of {name}", d.PsiThreshold))
                .Append("</td><td>").Append(Optional(f.JensenShannon)).Append("</td><td>").Append(Bar(f.JensenShannon ?? 0, jsScale, $"Jensen–Shannon distance of {name}", null))
                .Append("</td><td>").Append(Optional(f.Wasserstein)).Append("</td><td>").Append(Optional(f.KsStatistic))
                .Append("</td><td>").Append(Optional(f.ChiSquare)).Append("</td><td>").Append(Optional(f.AdjustedPValue))
                .Append("</td><td>").Append(HtmlText.Count(f.CurrentMissing)).Append("</td><td>")
                .Append(HtmlText.Encode(f.Drifted ? "drift" : f.TooFewRows ? "too few rows" : "ok"))
                .Append(f.Note is null ? "" : $" <small>{HtmlText.Encode(f.Note)}</small>").Append("</td></tr>");
        }
        html.Append("</tbody></table></section>");
    }

    private static string Optional(double? v) => v is { } x && double.IsFinite(x) ? HtmlText.Number(x) : "-";

    /// <summary>A horizontal bar for <paramref name="value"/> on a 0..<paramref name="scale"/> axis, with the threshold marked when given.</summary>
    private static string Bar(double value, double scale, string label, double? threshold)
    {
        var width = double.IsFinite(value) && scale > 0 ? Math.Clamp(value / scale, 0, 1) * BarWidth : 0;
        var text = $"{label}: {HtmlText.Number(value)}{(threshold is { } t ? $", threshold {HtmlText.Number(t)}" : "")}";
        var svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"").Append(HtmlText.Encode(text))
            .Append("\" viewBox=\"0 0 ").Append(BarWidth).Append(" 12\" width=\"").Append(BarWidth).Append("\" height=\"12\"><title>")
            .Append(HtmlText.Encode(text)).Append("</title><rect class=\"bar\" x=\"0\" y=\"2\" width=\"").Append(HtmlText.Coord(width)).Append("\" height=\"8\"/>");
        if (threshold is { } th && scale > 0)
        {
            var x = HtmlText.Coord(Math.Clamp(th / scale, 0, 1) * BarWidth);
            svg.Append("<line class=\"chance\" x1=\"").Append(x).Append("\" x2=\"").Append(x).Append("\" y1=\"0\" y2=\"12\"/>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static void AppendWindows(StringBuilder html, IReadOnlyList<DriftWindow> windows, double threshold, long untimed)
    {
        var first = windows[0].Start;
        var length = windows[0].End - windows[0].Start;
        // x is the window's number from the first one, so gaps (windows without rows) show as gaps in the axis.
        double X(DriftWindow w) => (w.Start - first) / length;
        var judged = windows.Where(w => !w.Drift.TooFewRows).ToList();
        var maxPsi = judged.Select(w => (X(w), MaxPsi(w))).ToList();
        var prediction = judged.Where(w => w.Drift.Prediction is not null).Select(w => (X(w), w.Drift.Prediction!.Psi)).ToList();
        var top = new[] { threshold }.Concat(maxPsi.Select(p => p.Item2)).Concat(prediction.Select(p => p.Item2)).Where(double.IsFinite).Max();
        var plot = new SvgPlot(640, 260, (0, Math.Max(1, X(windows[^1]))), (0, top));
        plot.Polyline([(0, threshold), (Math.Max(1, X(windows[^1])), threshold)], "chance");
        plot.Polyline(maxPsi, "curve");
        plot.Points(maxPsi, "dots");
        plot.Points(prediction, "dots");
        var label = $"Largest feature PSI per window of {length} from {first.UtcDateTime:yyyy-MM-dd HH:mm} UTC, {judged.Count} of {windows.Count} windows with enough rows; dashed line: PSI threshold {HtmlText.Number(threshold)}";
        html.Append("<section id=\"windows\"><h2>Drift over time</h2><div class=\"charts\">")
            .Append(plot.ToSvg(label, $"window number ({length} each, 0 = {first.UtcDateTime:yyyy-MM-dd HH:mm} UTC)", "PSI")).Append("</div>");
        html.Append("<p>Line and dots: the largest feature PSI of each window; separate dots: the prediction's PSI. Windows with too few rows are left out of the chart and marked below.</p>");
        if (untimed > 0) html.Append("<p>").Append(HtmlText.Count(untimed)).Append(" rows had no readable time: they count in the overall drift, in no window.</p>");
        html.Append("<table><thead><tr><th>window (UTC)</th><th>rows</th><th>largest PSI</th><th>prediction PSI</th><th>drifted features</th><th>verdict</th></tr></thead><tbody>");
        foreach (var w in windows)
        {
            var verdict = w.Drift.AnyDrift ? "drift" : w.Drift.TooFewRows ? $"too few rows (fewer than {w.Drift.MinimumRows:N0})" : "ok";
            html.Append("<tr><td>").Append(w.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(HtmlText.Count(w.Rows)).Append("</td><td>").Append(HtmlText.Number(MaxPsi(w))).Append("</td><td>")
                .Append(Optional(w.Drift.Prediction?.Psi)).Append("</td><td>").Append(HtmlText.Encode(string.Join(", ", w.Drift.DriftedFeatures)))
                .Append("</td><td>").Append(HtmlText.Encode(verdict)).Append("</td></tr>");
        }
        html.Append("</tbody></table></section>");
    }

    private static double MaxPsi(DriftWindow w) => w.Drift.Features.Select(f => f.Psi).DefaultIfEmpty(0).Max();
}
