using System.Text;

namespace MLCycle.Reports;

/// <summary>
/// Renders a run as one self-contained HTML page (inline CSS and hand-drawn SVG, no scripts or external assets)
/// and writes it atomically. Every user-supplied string is HTML-encoded; no data rows are embedded.
/// </summary>
public static class HtmlReportWriter
{
    /// <summary>The most points a curve or scatter plot draws; longer series are thinned evenly to keep the page small.</summary>
    public const int MaxPlottedPoints = 2000;

    /// <summary>Renders the report as an HTML document.</summary>
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(64 * 1024);
        string title = HtmlText.Encode(report.Title);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(title).Append("</title><style>").Append(ReportStyle.Css).Append("</style></head><body><main>")
            .Append("<header><h1>").Append(title).Append("</h1><p class=\"meta\">")
            .Append(HtmlText.Encode(report.ModelName)).Append(" · ").Append(SummarySection.TaskName(report.Task))
            .Append(" · run ").Append(HtmlText.Encode(report.RunId)).Append("</p></header>");
        SummarySection.Append(html, report);
        DataOriginSection.Append(html, report);
        ProfileSection.Append(html, report.Profile);
        CandidatesSection.Append(html, report);
        LeaderboardSection.Append(html, report);
        LearningCurveSection.Append(html, report.LearningCurve);
        EvaluationSection.AppendMetrics(html, report);
        EvaluationSection.AppendConfusionMatrix(html, report.Test);
        EvaluationSection.AppendCurves(html, report, MaxPlottedPoints);
        TestSetsSection.Append(html, report);
        ImportanceSection.Append(html, report.Importance, report.RankedBy);
        GatesSection.Append(html, report);
        FairnessSection.Append(html, report);
        html.Append("</main></body></html>\n");
        return html.ToString();
    }

    /// <summary>Writes the report to <paramref name="path"/> through a temporary file and a rename, so a crash never leaves half a report.</summary>
    public static Task WriteAsync(RunReport report, string path, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        return AtomicTextFile.WriteAsync(path, Render(report), ct);
    }
}
