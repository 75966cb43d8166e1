using System.Globalization;
using System.Text;
using MLCycle.Metrics;

namespace MLCycle.Reports;

/// <summary>The candidates section: every algorithm tried, its cross-validation score, test metrics and time, winner highlighted.</summary>
internal static class CandidatesSection
{
    public static void Append(StringBuilder html, RunReport report)
    {
        html.Append("<section id=\"candidates\"><h2>Candidates</h2>");
        if (report.Candidates.Count == 0)
        {
            html.Append("<p class=\"note\">No candidate table was recorded for this run.</p></section>");
            return;
        }
        string primary = report.RankedBy.Key;
        var keys = MetricKeys(primary, report.Candidates.SelectMany(c => c.TestMetrics.Keys));
        html.Append("<table><thead><tr><th>Algorithm</th><th class=\"num\">CV ").Append(HtmlText.Encode(primary)).Append("</th>");
        foreach (var key in keys) html.Append("<th class=\"num\">test ").Append(HtmlText.Encode(key)).Append("</th>");
        html.Append("<th class=\"num\">Seconds</th></tr></thead><tbody>");
        foreach (var c in report.Candidates)
        {
            html.Append(c.IsWinner ? "<tr class=\"winner\">" : "<tr>").Append("<td>").Append(HtmlText.Encode(c.Algorithm))
                .Append(c.IsWinner ? " ★ winner" : "").Append(c.Rounds is { } rounds ? $"<br><small>{HtmlText.Encode(rounds)} by early stopping</small>" : "")
                .Append("</td><td class=\"num\">").Append(HtmlText.Number(c.CvMean));
            if (!double.IsNaN(c.CvStd)) html.Append(" ± ").Append(HtmlText.Number(c.CvStd));
            html.Append("</td>");
            foreach (var key in keys)
                html.Append("<td class=\"num\">").Append(c.TestMetrics.TryGetValue(key, out double v) ? HtmlText.Number(v) : "—").Append("</td>");
            html.Append("<td class=\"num\">").Append(c.Seconds.ToString("0.0", CultureInfo.InvariantCulture)).Append("</td></tr>");
        }
        html.Append("</tbody></table></section>");
    }

    /// <summary>Distinct metric keys with the ranking metric first and the rest in alphabetical order, each metric under one name.</summary>
    public static IReadOnlyList<string> MetricKeys(string primary, IEnumerable<string> keys)
    {
        return keys.Distinct(StringComparer.Ordinal)
            .Where(k => !Metrics.MetricKeys.IsRepeated(k, primary))
            .OrderBy(k => k == primary ? 0 : 1)
            .ThenBy(k => k, StringComparer.Ordinal)
            .ToList();
    }
}
