using MLCycle.Evaluation;
using MLCycle.Registry;
using MLCycle.Reports;

namespace MLCycle.Tests.Reports;

/// <summary>The model card's Markdown quotes text from data files and users, so a renderer that passes raw HTML through (MkDocs,
/// many wikis) shows it instead of running it, and a '|' or a line break cannot break a table; the HTML card shows the same text.</summary>
public sealed class ModelCardMarkdownTests
{
    private const string Script = "<script>alert(1)</script>";
    private const string Handler = "\"><img src=x onerror=alert(2)>";

    private static readonly ModelCard Card = new()
    {
        Name = "churn", Version = 3, Task = TaskKind.Binary, Target = "is`churn`\n<b>", Algorithm = "lightgbm", RunId = "abc",
        Classes = [Script, "a|b"],
        Problem = new ProblemStatement { Goal = Script, Users = "[click](javascript:alert(3))", Constraints = ["line one\n| forged | row |"] },
        Slices = [new SliceReport(Handler, "x|y", 40, new Dictionary<string, double> { ["roc_auc"] = 0.8 }, new Dictionary<string, string>())],
        Importance = [new FeatureImportance("</style><svg onload=alert(4)>", 0.1, 0.01)],
        Limitations = ["weak on " + Script],
        History = [new AliasChange("churn", "champion", null, 3, "alice", "because **bold** & " + Script, DateTimeOffset.UnixEpoch)],
    };

    [Fact]
    public void Markdown_hostileText_hasNoRawHtmlNoLinkAndNoForgedCell()
    {
        var markdown = ModelCardWriter.Markdown(Card);

        // Only a '<' that no backslash escapes starts HTML in Markdown.
        Assert.DoesNotMatch(@"(?<!\\)<(script|img|svg|/style)", markdown);
        Assert.DoesNotMatch(@"(?<!\\)\]\(javascript:", markdown);
        Assert.Contains(@"- **Users:** \[click\](javascript:alert(3))", markdown, StringComparison.Ordinal);
        Assert.Contains(@"- **Goal:** \<script\>alert(1)\</script\>", markdown, StringComparison.Ordinal);
        Assert.Contains(@"- classes: \<script\>alert(1)\</script\>, a\|b", markdown, StringComparison.Ordinal);
        Assert.Contains(@"| ""\>\<img src=x onerror=alert(2)\> | x\|y | 40 |", markdown, StringComparison.Ordinal);
        Assert.Contains("  - line one \\| forged \\| row \\|", markdown, StringComparison.Ordinal);
        // A code span escapes nothing: the target keeps its text on one line and cannot close the span early.
        Assert.Contains("of `is'churn' <b>` by lightgbm", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(markdown.Split('\n'), l => l.StartsWith("| forged", StringComparison.Ordinal));
    }

    [Fact]
    public void Html_hostileText_isShownAsWrittenAndNeverAsMarkup()
    {
        var html = ModelCardWriter.Html(Card);

        Assert.DoesNotContain(Script, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg onload", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Goal:</strong> &lt;script&gt;alert(1)&lt;/script&gt;</li>", html, StringComparison.Ordinal);
        // The escapes are undone: the slice value keeps its '|' inside one cell, the reason its ** and & as typed.
        Assert.Contains("<td>&quot;&gt;&lt;img src=x onerror=alert(2)&gt;</td><td>x|y</td><td>40</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>because **bold** &amp; &lt;script&gt;alert(1)&lt;/script&gt;</td>", html, StringComparison.Ordinal);
        Assert.Contains("[click](javascript:alert(3))", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=", html, StringComparison.Ordinal);
    }
}
