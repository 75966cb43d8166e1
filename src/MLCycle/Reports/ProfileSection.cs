using System.Text;
using MLCycle.Data;
using MLCycle.Profiling;

namespace MLCycle.Reports;

/// <summary>The data profile section: dataset facts and one row per column with its statistics and a small histogram.</summary>
internal static class ProfileSection
{
    private const int TopValuesShown = 3;

    public static void Append(StringBuilder html, DatasetProfile? profile)
    {
        html.Append("<section id=\"profile\"><h2>Data profile</h2>");
        if (profile is null)
        {
            html.Append("<p class=\"note\">No profile of the training data was recorded for this run.</p></section>");
            return;
        }
        html.Append("<dl class=\"facts\">")
            .Append("<dt>Rows</dt><dd>").Append(HtmlText.Count(profile.Rows)).Append("</dd>")
            .Append("<dt>Columns</dt><dd>").Append(HtmlText.Count(profile.Columns.Count)).Append("</dd>")
            .Append("<dt>Duplicate rows</dt><dd>").Append(HtmlText.Count(profile.DuplicateRows)).Append("</dd>")
            .Append("<dt>Constant columns</dt><dd>")
            .Append(profile.ConstantColumns.Count == 0 ? "none" : string.Join(", ", profile.ConstantColumns.Select(HtmlText.Encode)))
            .Append("</dd>");
        if (profile.Fingerprint is { } fingerprint)
            html.Append("<dt>Fingerprint</dt><dd><code>").Append(HtmlText.Encode(fingerprint)).Append("</code></dd>");
        html.Append("</dl>");

        html.Append("<h3>Columns</h3><table><thead><tr><th>Column</th><th>Kind</th><th class=\"num\">Missing</th>")
            .Append("<th class=\"num\">Distinct</th><th>Statistics</th><th>Distribution</th></tr></thead><tbody>");
        foreach (var column in profile.Columns) AppendColumn(html, column, profile.Rows);
        html.Append("</tbody></table></section>");
    }

    private static void AppendColumn(StringBuilder html, ColumnProfile column, long rows)
    {
        string missing = HtmlText.Count(column.Missing);
        if (rows > 0 && column.Missing > 0) missing += $" <span class=\"note\">({HtmlText.Percent((double)column.Missing / rows)})</span>";
        html.Append("<tr><td>").Append(HtmlText.Encode(column.Name)).Append("</td><td>").Append(column.Kind.ToString().ToLowerInvariant())
            .Append("</td><td class=\"num\">").Append(missing).Append("</td><td class=\"num\">").Append(HtmlText.Count(column.Distinct))
            .Append("</td><td>").Append(Statistics(column)).Append("</td><td>");
        if (column.Kind == ColumnKind.Numeric && column.Histogram is { Counts.Count: > 0 } histogram)
            html.Append(ReportCharts.Sparkline(histogram.Counts, column.Name));
        html.Append("</td></tr>");
    }

    private static string Statistics(ColumnProfile column)
    {
        if (column.Numeric is { } n && column.Kind is ColumnKind.Numeric)
            return $"mean {HtmlText.Number(n.Mean)}, std {HtmlText.Number(n.Std)}, min {HtmlText.Number(n.Min)}, max {HtmlText.Number(n.Max)}";
        if (column.TopValues.Count == 0)
            return "";
        var top = column.TopValues.Take(TopValuesShown).Select(v => $"{HtmlText.Encode(v.Value)} ({HtmlText.Count(v.Count)})");
        string more = column.TopValues.Count > TopValuesShown ? ", …" : "";
        return string.Join(", ", top) + more;
    }
}
