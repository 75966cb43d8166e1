using System.Text;
using System.Text.RegularExpressions;

namespace MLCycle.Reports;

/// <summary>Turns the few Markdown shapes the model card writes (paragraphs, bullet lists, pipe tables, **bold**, `code`) into HTML.</summary>
internal static partial class MarkdownLines
{
    public static string ToHtml(IReadOnlyList<string> lines)
    {
        var html = new StringBuilder();
        bool inList = false, inTable = false, header = false;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            bool isItem = line.TrimStart().StartsWith("- ", StringComparison.Ordinal), isRow = line.StartsWith('|');
            if (inList && !isItem) { html.Append("</ul>"); inList = false; }
            if (inTable && !isRow) { html.Append("</tbody></table>"); inTable = false; }
            if (isItem)
            {
                if (!inList) { html.Append("<ul>"); inList = true; }
                html.Append("<li>").Append(Inline(line.TrimStart()[2..])).Append("</li>");
            }
            else if (isRow)
            {
                var cells = CellBorder().Split(line.Trim('|')).Select(c => c.Trim()).ToArray();
                if (cells.All(c => c.Trim(':').Length > 0 && c.Trim(':').All(ch => ch == '-'))) continue;
                if (!inTable) { html.Append("<table><thead><tr>"); inTable = true; header = true; }
                string tag = header ? "th" : "td";
                if (!header) html.Append("<tr>");
                foreach (var cell in cells) html.Append('<').Append(tag).Append('>').Append(Inline(cell)).Append("</").Append(tag).Append('>');
                html.Append(header ? "</tr></thead><tbody>" : "</tr>");
                header = false;
            }
            else if (line.Trim().Length > 0)
            {
                html.Append("<p>").Append(Inline(line.Trim())).Append("</p>");
            }
        }
        if (inList) html.Append("</ul>");
        if (inTable) html.Append("</tbody></table>");
        return html.ToString();
    }

    // Encodes first, so user text cannot inject markup; then only ** and ` pairs become tags, and MarkdownText's escapes their character.
    private static string Inline(string text)
    {
        var encoded = HtmlText.Encode(text);
        encoded = Pairs(encoded, "**", "strong");
        return Unescape().Replace(Pairs(encoded, "`", "code"), "$1");
    }

    // A '|' that MarkdownText escaped is part of a cell, not its border.
    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellBorder();

    // MarkdownText's escapes as they read after HTML encoding: \< is \&lt; by then.
    [GeneratedRegex(@"\\(\\|`|\*|\[|\]|&lt;|&gt;|&amp;|\|)")]
    private static partial Regex Unescape();

    private static string Pairs(string text, string mark, string tag)
    {
        var parts = text.Split(mark);
        if (parts.Length < 3) return text;
        var result = new StringBuilder(parts[0]);
        int paired = (parts.Length - 1) / 2 * 2;
        // An odd mark out (a lone backtick) stays as written.
        for (int i = 1; i < parts.Length; i++)
            result.Append(i > paired ? mark : i % 2 == 1 ? $"<{tag}>" : $"</{tag}>").Append(parts[i]);
        return result.ToString();
    }
}
