using System.Text;
using MLCycle.Profiling;

namespace MLCycle.Reports;

/// <summary>The dataset facts at the top of the profile: size, duplicates, constant columns, the target's balance and the fingerprint.</summary>
internal static class ProfileFactsSection
{
    public static void Append(StringBuilder html, DatasetProfile profile)
    {
        long missingCells = profile.Columns.Sum(c => c.Missing);
        double cells = (double)profile.Rows * profile.Columns.Count;
        html.Append("<section id=\"facts\"><h2>Dataset</h2><dl class=\"facts\">")
            .Append("<dt>Rows</dt><dd>").Append(HtmlText.Count(profile.Rows)).Append("</dd>")
            .Append("<dt>Columns</dt><dd>").Append(HtmlText.Count(profile.Columns.Count)).Append(" (")
            .Append(string.Join(", ", profile.Columns.GroupBy(c => c.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}")))
            .Append(")</dd><dt>Missing cells</dt><dd>").Append(HtmlText.Count(missingCells));
        if (cells > 0) html.Append(" (").Append(HtmlText.Percent(missingCells / cells)).Append(')');
        html.Append("</dd><dt>Duplicate rows</dt><dd>").Append(HtmlText.Count(profile.DuplicateRows)).Append("</dd>")
            .Append("<dt>Constant columns</dt><dd>")
            .Append(profile.ConstantColumns.Count == 0 ? "none" : string.Join(", ", profile.ConstantColumns.Select(HtmlText.Encode)))
            .Append("</dd><dt>Issues</dt><dd>").Append(HtmlText.Count(profile.Issues.Count)).Append("</dd>");
        if (profile.Target is { } target)
        {
            html.Append("<dt>Target</dt><dd>").Append(HtmlText.Encode(target));
            if (profile.TargetBalance is { Count: > 0 } balance)
            {
                long total = balance.Sum(v => v.Count);
                html.Append(": ").Append(string.Join(", ", balance.Take(10).Select(v =>
                    $"{HtmlText.Encode(v.Value)} {HtmlText.Count(v.Count)} ({HtmlText.Percent(total > 0 ? (double)v.Count / total : 0)})")));
                if (balance.Count > 10) html.Append(", …");
            }
            html.Append("</dd>");
        }
        if (profile.Fingerprint is { } fingerprint)
            html.Append("<dt>Fingerprint</dt><dd><code>").Append(HtmlText.Encode(fingerprint)).Append("</code></dd>");
        html.Append("</dl></section>");
    }
}
