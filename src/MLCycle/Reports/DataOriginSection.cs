using System.Globalization;
using System.Text;

namespace MLCycle.Reports;

/// <summary>Where the training data came from and whom it represents: the combined sources with their coercions, and the gaps to the expected population.</summary>
internal static class DataOriginSection
{
    public static void Append(StringBuilder html, RunReport report)
    {
        if (report.Sources.Count > 0) AppendSources(html, report);
        if (report.Weighting is not null) AppendPopulation(html, report);
    }

    private static void AppendSources(StringBuilder html, RunReport report)
    {
        html.Append("<section id=\"sources\"><h2>Data sources</h2><p>")
            .Append(HtmlText.Encode($"The {report.Combine ?? "union"} of {report.Sources.Count} source(s):"))
            .Append("</p><ol>").Append(string.Concat(report.Sources.Select(s => $"<li>{HtmlText.Encode(s)}</li>"))).Append("</ol>");
        if (report.Coercions.Count == 0)
        {
            html.Append("<p class=\"note\">The sources combined without any change to their columns.</p></section>");
            return;
        }
        html.Append("<table style=\"width:auto\"><thead><tr><th>Column</th><th>Source</th><th>From</th><th>To</th><th>Why</th></tr></thead><tbody>");
        foreach (var c in report.Coercions)
            html.Append("<tr><td>").Append(HtmlText.Encode(c.Column)).Append("</td><td>").Append(HtmlText.Encode(c.Source))
                .Append("</td><td>").Append(HtmlText.Encode(c.From)).Append("</td><td>").Append(HtmlText.Encode(c.To))
                .Append("</td><td>").Append(HtmlText.Encode(c.Reason)).Append("</td></tr>");
        html.Append("</tbody></table></section>");
    }

    private static void AppendPopulation(StringBuilder html, RunReport report)
    {
        html.Append("<section id=\"population\"><h2>Expected population</h2><p>").Append(HtmlText.Encode(report.Weighting)).Append("</p>");
        foreach (var gap in report.PopulationGaps)
        {
            html.Append("<h3>").Append(HtmlText.Encode(gap.Column)).Append("</h3><p>")
                .Append(HtmlText.Encode(string.Create(CultureInfo.InvariantCulture,
                    $"chi-squared {gap.ChiSquared:0.###}, df {gap.DegreesOfFreedom}, p = {gap.PValue:G3}")))
                .Append(gap.PValue < 0.05 ? " <span class=\"badge fail\">differs from the population</span>" : " <span class=\"badge pass\">matches the population</span>")
                .Append("</p><table style=\"width:auto\"><thead><tr><th>Group</th><th class=\"num\">Rows</th><th class=\"num\">Observed</th>")
                .Append("<th class=\"num\">Expected</th><th class=\"num\">Weight</th></tr></thead><tbody>");
            foreach (var g in gap.Groups)
                html.Append("<tr><td>").Append(HtmlText.Encode(g.Group)).Append("</td><td class=\"num\">").Append(HtmlText.Count(g.Observed))
                    .Append("</td><td class=\"num\">").Append(HtmlText.Percent(g.ObservedShare)).Append("</td><td class=\"num\">")
                    .Append(HtmlText.Percent(g.ExpectedShare)).Append("</td><td class=\"num\">").Append(HtmlText.Number(g.Weight)).Append("</td></tr>");
            html.Append("</tbody></table>");
            if (gap.UnlistedRows > 0)
                html.Append("<p class=\"note\">").Append(HtmlText.Count(gap.UnlistedRows)).Append(" rows are in groups without an expected share; they keep weight 1.</p>");
        }
        if (report.PopulationFindings.Count > 0)
            html.Append("<ul>").Append(string.Concat(report.PopulationFindings.Select(f => $"<li>{HtmlText.Encode(f)}</li>"))).Append("</ul>");
        html.Append("</section>");
    }
}
