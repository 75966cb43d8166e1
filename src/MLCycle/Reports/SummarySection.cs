using System.Globalization;
using System.Text;
using MLCycle.Evaluation;
using MLCycle.Metrics;

namespace MLCycle.Reports;

/// <summary>The report's first section: model, task, winner, headline metric, decision and fit verdict.</summary>
internal static class SummarySection
{
    public static void Append(StringBuilder html, RunReport report)
    {
        html.Append("<section id=\"summary\"><h2>Summary</h2><dl class=\"facts\">");
        string version = report.ModelVersion is { } v ? $" v{v.ToString(CultureInfo.InvariantCulture)}" : "";
        Fact(html, "Model", HtmlText.Encode(report.ModelName) + version);
        Fact(html, "Task", TaskName(report.Task));
        if (report.Candidates.FirstOrDefault(c => c.IsWinner) is { } winner)
            Fact(html, "Winner", HtmlText.Encode(winner.Algorithm) + $" <span class=\"note\">of {report.Candidates.Count} candidates</span>");

        var primary = report.RankedBy;
        if (report.Test.Metrics.TryGetValue(primary.Key, out double test))
        {
            string headline = $"{HtmlText.Encode(primary.Key)} {HtmlText.Number(test)} on the test set";
            if (report.Baseline?.Metrics.TryGetValue(primary.Key, out double baseline) == true)
                headline += $" (baseline {HtmlText.Number(baseline)}, lift {HtmlText.SignedPercent(BaselineLift.Compute(primary.Key, test, baseline))})";
            Fact(html, "Primary metric", headline);
        }
        if (report.Decision.Length > 0) Fact(html, "Decision", "<strong>" + HtmlText.Encode(report.Decision) + "</strong>");
        if (report.Significance is { } paired)
            Fact(html, "Against the champion", HtmlText.Encode($"{paired} (challenger minus champion on the same test rows)"));
        if (report.Split is { } split) Fact(html, "Split", HtmlText.Encode(split));
        if (report.Threshold is { } threshold) Fact(html, "Decision threshold", HtmlText.Encode(threshold));
        if (report.Verdict is { } verdict)
        {
            string kind = verdict.Kind.ToString().ToLowerInvariant();
            Fact(html, "Fit", $"<span class=\"badge {kind}\">{verdict.Kind}</span> {HtmlText.Encode(verdict.Explanation)}");
        }
        if (report.Gates.Count > 0)
        {
            int passed = report.Gates.Count(g => g.Passed);
            string cls = passed == report.Gates.Count ? "pass" : "fail";
            Fact(html, "Quality gates", $"<span class=\"badge {cls}\">{passed} of {report.Gates.Count} passed</span>");
        }
        Fact(html, "Run", HtmlText.Encode(report.RunId));
        Fact(html, "Created", report.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        html.Append("</dl></section>");
    }

    public static string TaskName(TaskKind task) => task switch
    {
        TaskKind.Binary => "binary classification",
        TaskKind.Multiclass => "multiclass classification",
        _ => "regression",
    };

    // Values are HTML already: every caller encodes the user-supplied parts.
    private static void Fact(StringBuilder html, string name, string valueHtml) =>
        html.Append("<dt>").Append(name).Append("</dt><dd>").Append(valueHtml).Append("</dd>");
}
