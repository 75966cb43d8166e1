using System.Globalization;
using System.Text;

namespace MLCycle.Reports;

/// <summary>One trial of the search as the report lists it.</summary>
public sealed record LeaderboardRow(int Trial, string Algorithm, string Hyperparameters, double CvMean, double CvStd, double Seconds, string? Error);

/// <summary>The leaderboard: every trial of the search, best first, with what the search did against its budget.</summary>
internal static class LeaderboardSection
{
    public static void Append(StringBuilder html, RunReport report)
    {
        if (report.Search is not { } search) return;
        html.Append("<section id=\"leaderboard\"><h2>Leaderboard</h2><p>").Append(HtmlText.Encode(search)).Append("</p>");
        html.Append("<table><thead><tr><th class=\"num\">#</th><th class=\"num\">Trial</th><th>Algorithm</th><th>Hyperparameters</th><th class=\"num\">CV ")
            .Append(HtmlText.Encode(report.RankedBy.Key)).Append("</th><th class=\"num\">Seconds</th></tr></thead><tbody>");
        for (var i = 0; i < report.Leaderboard.Count; i++)
        {
            var t = report.Leaderboard[i];
            html.Append(i == 0 ? "<tr class=\"winner\">" : "<tr>")
                .Append("<td class=\"num\">").Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td class=\"num\">").Append(t.Trial.ToString(CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td>").Append(HtmlText.Encode(t.Algorithm)).Append("</td><td>").Append(HtmlText.Encode(t.Hyperparameters)).Append("</td><td class=\"num\">");
            if (t.Error is null) html.Append(HtmlText.Number(t.CvMean)).Append(" ± ").Append(HtmlText.Number(t.CvStd));
            else html.Append("failed: ").Append(HtmlText.Encode(t.Error));
            html.Append("</td><td class=\"num\">").Append(t.Seconds.ToString("0.0", CultureInfo.InvariantCulture)).Append("</td></tr>");
        }
        html.Append("</tbody></table></section>");
    }
}
