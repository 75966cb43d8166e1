using System.Text;
using MLCycle.Data;
using MLCycle.Profiling;

namespace MLCycle.Reports;

/// <summary>
/// The per-column parts of the profile: the missingness chart, the correlation heat map and one card per column with
/// its statistics, issues and a histogram (numeric) or top-values chart (everything else).
/// </summary>
internal static class ProfileColumnsSection
{
    public const int MaxMissingBars = 40;
    public const int TopValuesDrawn = 8;
    private const int FewValues = 8;

    public static void AppendMissing(StringBuilder html, DatasetProfile profile)
    {
        html.Append("<section id=\"missing\"><h2>Missing values</h2>");
        var missing = profile.Columns.Where(c => c.Missing > 0).OrderByDescending(c => c.Missing).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        if (missing.Count == 0 || profile.Rows == 0)
        {
            html.Append("<p class=\"note\">No column has missing values.</p></section>");
            return;
        }
        var bars = missing.Take(MaxMissingBars).Select(c =>
        {
            double share = (double)c.Missing / profile.Rows;
            return new ProfileBar(c.Name, share, $"{HtmlText.Percent(share)} ({HtmlText.Count(c.Missing)})");
        }).ToList();
        html.Append("<p class=\"note\">Share of rows missing, per column with any missing value, most first.</p>")
            .Append(ProfileBarChart.Render("share of missing values per column", bars, bars.Max(b => b.Value), width: 640));
        if (missing.Count > MaxMissingBars)
            html.Append("<p class=\"note\">").Append(missing.Count - MaxMissingBars).Append(" more columns have fewer missing values.</p>");
        html.Append("</section>");
    }

    public static void AppendCorrelations(StringBuilder html, DatasetProfile profile)
    {
        var correlations = profile.Correlations;
        if (correlations.Count == 0) return;
        var columns = ProfileHeatmap.Columns(profile, correlations);
        html.Append("<section id=\"correlations\"><h2>Correlations</h2><p class=\"note legend\">Strongest measure per pair (pearson, spearman, cramér's V, eta):")
            .Append("<span class=\"pos\"></span>positive<span class=\"neg\"></span>negative; paler is weaker. Hover a cell for its value.</p>")
            .Append(ProfileHeatmap.Render(columns, correlations));
        int named = correlations.SelectMany(c => new[] { c.Left, c.Right }).Distinct(StringComparer.Ordinal).Count();
        if (named > columns.Count)
            html.Append("<p class=\"note\">Only the first ").Append(columns.Count).Append(" of ").Append(named).Append(" correlated columns are drawn.</p>");
        html.Append("</section>");
    }

    public static void AppendCards(StringBuilder html, DatasetProfile profile)
    {
        var issues = profile.Issues.Where(i => i.Column is not null).ToLookup(i => i.Column!, StringComparer.Ordinal);
        html.Append("<section id=\"columns\"><h2>Columns</h2><div class=\"cards\">");
        foreach (var column in profile.Columns) AppendCard(html, column, profile.Rows, issues[column.Name]);
        html.Append("</div></section>");
    }

    private static void AppendCard(StringBuilder html, ColumnProfile column, long rows, IEnumerable<DataIssue> issues)
    {
        html.Append("<div class=\"card\"><h3>").Append(HtmlText.Encode(column.Name)).Append("<span class=\"kind\">")
            .Append(column.Kind.ToString().ToLowerInvariant()).Append("</span></h3>");
        foreach (var issue in issues)
            html.Append("<span class=\"tag\">").Append(HtmlText.Encode(issue.Kind)).Append(' ').Append(HtmlText.Count(issue.Count)).Append("</span>");
        html.Append("<dl class=\"facts\"><dt>Missing</dt><dd>").Append(HtmlText.Count(column.Missing));
        if (rows > 0 && column.Missing > 0) html.Append(" (").Append(HtmlText.Percent((double)column.Missing / rows)).Append(')');
        html.Append("</dd><dt>Distinct</dt><dd>").Append(HtmlText.Count(column.Distinct)).Append("</dd>");
        if (column.Kind == ColumnKind.Numeric && column.Numeric is { } n)
            html.Append("<dt>Mean ± std</dt><dd>").Append(HtmlText.Number(n.Mean)).Append(" ± ").Append(HtmlText.Number(n.Std))
                .Append("</dd><dt>Min · median · max</dt><dd>").Append(HtmlText.Number(n.Min)).Append(" · ").Append(HtmlText.Number(n.Median))
                .Append(" · ").Append(HtmlText.Number(n.Max)).Append("</dd>");
        html.Append("</dl>").Append(Chart(column)).Append("</div>");
    }

    private static string Chart(ColumnProfile column)
    {
        // A handful of distinct numbers (a year, a rating) reads better as counts per value than as a histogram with empty bins.
        bool fewValues = column.Distinct <= FewValues && column.TopValues.Count > 0;
        if (column.Kind == ColumnKind.Numeric && !fewValues && column.Histogram is { Counts.Count: > 0 } h && h.Counts.Max() > 0)
        {
            var plot = new SvgPlot(300, 150, (h.Edges[0], h.Edges[^1]), (0, h.Counts.Max()));
            for (int i = 0; i < h.Counts.Count; i++) plot.Bar(h.Edges[i], h.Edges[i + 1], h.Counts[i], "bar");
            return plot.ToSvg($"histogram of {column.Name}", column.Name, "rows");
        }
        if (column.TopValues.Count == 0) return "";
        long total = column.Count;
        var bars = column.TopValues.Take(TopValuesDrawn)
            .Select(v => new ProfileBar(v.Value, v.Count, total > 0 ? HtmlText.Percent((double)v.Count / total) : HtmlText.Count(v.Count)))
            .ToList();
        string chart = ProfileBarChart.Render($"most frequent values of {column.Name}", bars, bars.Max(b => b.Value), width: 300);
        return column.Distinct > TopValuesDrawn
            ? chart + $"<p class=\"note\">top {TopValuesDrawn} of {HtmlText.Count(column.Distinct)} values</p>"
            : chart;
    }
}
