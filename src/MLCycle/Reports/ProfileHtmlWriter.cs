using System.Text;

namespace MLCycle.Reports;

/// <summary>
/// Renders a data profile as one self-contained HTML page (inline CSS and hand-drawn SVG, no scripts or external assets)
/// and writes it atomically. It summarises and never embeds rows, so the page stays small for wide and long data;
/// every user-supplied string is HTML-encoded.
/// </summary>
public static class ProfileHtmlWriter
{
    /// <summary>Renders the profile as an HTML document.</summary>
    public static string Render(ProfileReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(64 * 1024);
        string title = HtmlText.Encode(report.Title);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(title).Append("</title><style>").Append(ProfileStyle.Css).Append("</style></head><body><main>")
            .Append("<header><h1>").Append(title).Append("</h1>");
        if (report.Source is { } source) html.Append("<p class=\"meta\">").Append(HtmlText.Encode(source)).Append("</p>");
        html.Append("</header>");
        ProfileFactsSection.Append(html, report.Profile);
        ProfileIssuesSection.Append(html, report.Profile);
        ProfileColumnsSection.AppendMissing(html, report.Profile);
        ProfileColumnsSection.AppendCorrelations(html, report.Profile);
        ProfileBiasSection.Append(html, report);
        ProfileColumnsSection.AppendCards(html, report.Profile);
        html.Append("</main></body></html>\n");
        return html.ToString();
    }

    /// <summary>Writes the profile to <paramref name="path"/> through a temporary file and a rename, so a crash never leaves half a page.</summary>
    public static Task WriteAsync(ProfileReport report, string path, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        return AtomicTextFile.WriteAsync(path, Render(report), ct);
    }
}
