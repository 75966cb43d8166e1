using System.Globalization;
using System.Text;
using MLCycle.Evaluation;
using MLCycle.Metrics;

namespace MLCycle.Reports;

/// <summary>Renders an <see cref="EvaluationReport"/> (<c>mlcycle evaluate --html</c>) as one self-contained page: metrics, refused rows, slices, gates, fairness, importance.</summary>
public static class EvaluationHtmlWriter
{
    public static string Render(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(16 * 1024);
        string title = HtmlText.Encode($"Evaluation of {report.Model ?? "predictions"} on {report.Source}");
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(title).Append("</title><style>")
            .Append(ReportStyle.Css).Append("</style></head><body><main><header><h1>").Append(title).Append("</h1><p class=\"meta\">")
            .Append(HtmlText.Count(report.Rows)).Append(" rows scored · ").Append(HtmlText.Count(report.RefusedRows)).Append(" refused · target ")
            .Append(HtmlText.Encode(report.Target)).Append(" · ").Append(HtmlText.Encode(report.Task.ToString().ToLowerInvariant())).Append("</p></header>");
        html.Append("<section id=\"metrics\"><h2>Metrics</h2>").Append(Table(["metric", "value"], report.Metrics.Select(m => new[] { m.Key, HtmlText.Number(m.Value) })));
        foreach (var (key, why) in report.Notes) html.Append("<p>").Append(HtmlText.Encode($"{key}: {why}")).Append("</p>");
        html.Append("</section>");
        EvaluationSection.AppendConfusionMatrix(html, report.Classes, report.ConfusionMatrix);
        if (report.Plots is { } plots) PlotsSection.Append(html, plots, report.Metrics, HtmlReportWriter.MaxPlottedPoints);
        if (report.Refused.Count > 0)
        {
            html.Append("<section id=\"refused\"><h2>Rows not scored</h2>")
                .Append(Table(["row", "column", "reason"], report.Refused.Select(r => new[] { r.Row.ToString(CultureInfo.InvariantCulture), r.Column, r.Reason }))).Append("</section>");
        }
        if (report.Slices is { Count: > 0 } slices)
        {
            var keys = slices.SelectMany(s => s.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            html.Append("<section id=\"slices\"><h2>Slices</h2>").Append(SliceBarChart.For(slices, report.Metrics)).Append(Table(["column", "value", "rows", .. keys],
                slices.Select(s => new[] { s.Column, s.Value ?? "(missing)", HtmlText.Count(s.Rows) }
                    .Concat(keys.Select(k => s.Metrics.TryGetValue(k, out var v) ? HtmlText.Number(v) : "-")).ToArray()))).Append("</section>");
        }
        if (report.Gates is { Count: > 0 } gates)
        {
            html.Append("<section id=\"gates\"><h2>Quality gates</h2>").Append(Table(["gate", "outcome", "actual", "expected"],
                gates.Select(g => new[] { g.Gate, g.Passed ? "pass" : "fail", g.Actual is { } a ? HtmlText.Number(a) : "-", g.Expected }))).Append("</section>");
        }
        FairnessSection.Append(html, report.Fairness ?? [], report.Task, report.Gates ?? [], "the scored rows");
        if (report.Importance is { } importance && report.ImportanceMetric is { } metric)
            ImportanceSection.Append(html, importance, new MetricDirection(metric, PrimaryMetric.IsHigherBetter(metric)));
        return html.Append("</main></body></html>\n").ToString();
    }

    /// <summary>Writes the page through a temporary file and a rename.</summary>
    public static Task WriteAsync(EvaluationReport report, string path, CancellationToken ct = default) => AtomicTextFile.WriteAsync(path, Render(report), ct);

    private static string Table(IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var h in header) html.Append("<th>").Append(HtmlText.Encode(h)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append("<td>").Append(HtmlText.Encode(cell)).Append("</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }
}
