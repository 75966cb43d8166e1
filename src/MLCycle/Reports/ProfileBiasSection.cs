using System.Text;
using MLCycle.Profiling;

namespace MLCycle.Reports;

/// <summary>The bias section: per sensitive column (and their intersection) a chart of group shares with the under-representation line, a table and the findings.</summary>
internal static class ProfileBiasSection
{
    /// <summary>Intersections can hold many small groups; past this many per column the chart and table keep the largest.</summary>
    public const int MaxGroupsShown = 30;

    public static void Append(StringBuilder html, ProfileReport report)
    {
        if (report.Bias is not { } bias) return;
        html.Append("<section id=\"bias\"><h2>Bias check</h2>");
        if (bias.Findings.Count > 0)
            html.Append("<ul>").Append(string.Concat(bias.Findings.Select(f => $"<li>{HtmlText.Encode(f)}</li>"))).Append("</ul>");
        foreach (var column in bias.Groups.Select(g => g.Column).Distinct(StringComparer.Ordinal))
            AppendColumn(html, column, bias.GroupsOf(column).ToList(), report.UnderRepresentedShare);
        html.Append("</section>");
    }

    private static void AppendColumn(StringBuilder html, string column, List<BiasGroupShare> groups, double threshold)
    {
        var shown = groups.OrderByDescending(g => g.Count).Take(MaxGroupsShown).ToList();
        var bars = shown.Select(g => new ProfileBar(g.Label, g.Share, $"{HtmlText.Percent(g.Share)} ({HtmlText.Count(g.Count)})",
            g.UnderRepresented ? "under" : "bar")).ToList();
        double max = Math.Max(threshold, bars.Max(b => b.Value));
        bool rated = shown.Any(g => g.TargetRate is not null);
        html.Append("<h3>").Append(HtmlText.Encode(column)).Append("</h3><div class=\"charts\">")
            .Append(ProfileBarChart.Render($"share of rows per group of {column}", bars, max, width: 520,
                threshold: (threshold, $"{HtmlText.Percent(threshold)} threshold")))
            .Append("<table style=\"width:auto\"><thead><tr><th>Group</th><th class=\"num\">Rows</th><th class=\"num\">Share</th>")
            .Append(rated ? "<th class=\"num\">Target rate</th>" : "").Append("<th class=\"num\">Missing elsewhere</th><th></th></tr></thead><tbody>");
        foreach (var g in shown)
            html.Append("<tr><td>").Append(HtmlText.Encode(g.Label)).Append("</td><td class=\"num\">").Append(HtmlText.Count(g.Count))
                .Append("</td><td class=\"num\">").Append(HtmlText.Percent(g.Share)).Append("</td>")
                .Append(rated ? $"<td class=\"num\">{(g.TargetRate is { } rate ? HtmlText.Number(rate) : "")}</td>" : "")
                .Append("<td class=\"num\">").Append(HtmlText.Percent(g.MissingShare))
                .Append("</td><td>").Append(g.UnderRepresented ? "<span class=\"tag bad\">under-represented</span>" : "").Append("</td></tr>");
        html.Append("</tbody></table></div>");
        if (groups.Count > shown.Count)
            html.Append("<p class=\"note\">The ").Append(shown.Count).Append(" largest of ").Append(groups.Count).Append(" groups are shown.</p>");
    }
}
