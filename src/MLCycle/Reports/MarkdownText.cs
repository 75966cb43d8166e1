using System.Text;

namespace MLCycle.Reports;

/// <summary>
/// Quotes text from users and data files (column names, category values, reasons, the problem statement) for the model card's
/// Markdown: raw HTML such as &lt;script&gt; would run in a renderer that passes it through (MkDocs, many wikis), and a '|'
/// or a line break would end a table cell or a list item. <see cref="MarkdownLines"/> undoes the escapes when it writes HTML.
/// </summary>
internal static class MarkdownText
{
    /// <summary>The characters escaped with a backslash: Markdown's HTML, links, emphasis, code, table cells, and the backslash itself.</summary>
    public const string Escaped = "\\`*[]<>&|";

    /// <summary>The text on one line, each of <see cref="Escaped"/> preceded by a backslash.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var md = new StringBuilder(text.Length + 8);
        foreach (char c in OneLine(text))
        {
            if (Escaped.Contains(c, StringComparison.Ordinal)) md.Append('\\');
            md.Append(c);
        }
        return md.ToString();
    }

    /// <summary>Text inside a `code span`, where a backslash escapes nothing: one line, and a backtick (which would end the span) shown as '.</summary>
    public static string Code(string? text) => OneLine(text ?? "").Replace('`', '\'');

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
