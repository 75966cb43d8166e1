using System.Text;
using MLCycle.Profiling;

namespace MLCycle.Reports;

/// <summary>The issues table: kind, column, rows touched, a few example rows and the sentence for people.</summary>
internal static class ProfileIssuesSection
{
    /// <summary>Past this many issues the table stops and says how many more there are; the JSON output keeps them all.</summary>
    public const int MaxIssuesShown = 300;
    private const int ExamplesShown = 3;

    public static void Append(StringBuilder html, DatasetProfile profile)
    {
        html.Append("<section id=\"issues\"><h2>Issues</h2>");
        if (profile.Issues.Count == 0)
        {
            html.Append("<p class=\"note\">No issues found.</p></section>");
            return;
        }
        // A wide file can raise one issue per column; the counts per kind give the picture before the long table.
        html.Append("<p>").Append(string.Join(" ", profile.Issues.GroupBy(i => i.Kind).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"<span class=\"tag\">{HtmlText.Encode(g.Key)} × {HtmlText.Count(g.Count())}</span>"))).Append("</p>");
        html.Append("<table><thead><tr><th>Kind</th><th>Column</th><th class=\"num\">Rows</th><th>Examples</th><th>What it means</th></tr></thead><tbody>");
        foreach (var issue in profile.Issues.Take(MaxIssuesShown))
        {
            html.Append("<tr><td><span class=\"tag\">").Append(HtmlText.Encode(issue.Kind)).Append("</span></td><td>")
                .Append(issue.Column is null ? "<span class=\"note\">(table)</span>" : HtmlText.Encode(issue.Column))
                .Append("</td><td class=\"num\">").Append(HtmlText.Count(issue.Count)).Append("</td><td class=\"examples\">")
                .Append(string.Join("; ", issue.Examples.Take(ExamplesShown).Select(Example)))
                .Append("</td><td class=\"message\">").Append(HtmlText.Encode(issue.Message)).Append("</td></tr>");
        }
        html.Append("</tbody></table>");
        if (profile.Issues.Count > MaxIssuesShown)
            html.Append("<p class=\"note\">").Append(HtmlText.Count(profile.Issues.Count - MaxIssuesShown))
                .Append(" more issues are left out here; the JSON output lists them all.</p>");
        html.Append("</section>");
    }

    private static string Example(IssueExample example) =>
        $"row {HtmlText.Count(example.Row)}: {(example.Value is null ? "(missing)" : HtmlText.Encode(Shorten(example.Value)))}";

    // An example can be a long free-text cell; a line of it is enough to recognise the row.
    private static string Shorten(string value) => value.Length <= 60 ? value : value[..59] + "…";
}
