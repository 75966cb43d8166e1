using System.Text.RegularExpressions;
using MLCycle.Reports;

namespace MLCycle.Tests.Reports;

public class ProfileHtmlWriterTests
{
    private static ProfileReport Report(bool bias = true) => new()
    {
        Title = "Data profile: churn.csv",
        Source = "/data/churn.csv",
        Profile = ProfileSamples.Small(),
        Bias = bias ? ProfileSamples.Bias() : null,
    };

    [Fact]
    public void Render_smallProfile_hasEverySection()
    {
        string html = ProfileHtmlWriter.Render(Report());

        foreach (var id in new[] { "facts", "issues", "missing", "correlations", "bias", "columns" })
            Assert.Contains($"<section id=\"{id}\">", html);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.EndsWith("</html>\n", html);
    }

    [Fact]
    public void Render_smallProfile_statesFactsAndTargetBalance()
    {
        string html = ProfileHtmlWriter.Render(Report());

        Assert.Contains("<dt>Rows</dt><dd>1,000</dd>", html);
        Assert.Contains("<dt>Columns</dt><dd>4 (1 numeric, 3 categorical)</dd>", html);
        Assert.Contains("<dt>Missing cells</dt><dd>250 (6.3%)</dd>", html); // 250 of 4,000 cells
        Assert.Contains("<dt>Duplicate rows</dt><dd>4</dd>", html);
        Assert.Contains("<dt>Target</dt><dd>churn: No 800 (80.0%), Yes 200 (20.0%)</dd>", html);
    }

    [Fact]
    public void Render_issues_listKindColumnRowsAndExamples()
    {
        string html = ProfileHtmlWriter.Render(Report());

        Assert.Contains("<td><span class=\"tag\">outliers</span></td><td>tenure</td><td class=\"num\">3</td><td class=\"examples\">row 5: 999; row 9: 1,200</td>"
            .Replace("1,200", "1200"), html);
        Assert.Contains("<td><span class=\"tag\">duplicate_rows</span></td><td><span class=\"note\">(table)</span></td>", html);
    }

    [Fact]
    public void Render_columnNamedScript_isEncodedEverywhere()
    {
        string html = ProfileHtmlWriter.Render(Report());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>bold", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html);
        Assert.Contains("&lt;img src=x&gt;", html);
        Assert.Contains("plain &amp; simple", html);
    }

    [Fact]
    public void Render_anyProfile_hasNoScriptsOrExternalAssets()
    {
        string html = ProfileHtmlWriter.Render(Report());

        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain(" src=\"", html);
        Assert.DoesNotContain("url(", html);
        // The only address is the SVG namespace, which browsers never fetch.
        Assert.All(Regex.Matches(html, "https?://[^\"]+").Select(m => m.Value), u => Assert.Equal("http://www.w3.org/2000/svg", u));
    }

    [Fact]
    public void Render_missingValues_drawsShareOfRowsPerColumn()
    {
        string html = ProfileHtmlWriter.Render(Report());

        Assert.Contains("aria-label=\"share of missing values per column\"", html);
        Assert.Contains(">25.0% (250)</text>", html);
    }

    [Fact]
    public void Render_columns_drawHistogramForNumbersAndTopValuesOtherwise()
    {
        string html = ProfileHtmlWriter.Render(Report());

        Assert.Contains("aria-label=\"histogram of tenure\"", html);
        Assert.Equal(4, Regex.Matches(html, "<rect class=\"bar\" x=\"[^\"]+\" y=\"[^\"]+\" width=\"[^\"]+\" height=\"[^\"]+\"/>").Count(m => m.Index > html.IndexOf("histogram of tenure", StringComparison.Ordinal) && m.Index < html.IndexOf("</svg>", html.IndexOf("histogram of tenure", StringComparison.Ordinal), StringComparison.Ordinal)));
        Assert.Contains("aria-label=\"most frequent values of country\"", html);
        Assert.Contains("<dt>Mean ± std</dt><dd>32.4 ± 24.6</dd>", html);
        Assert.Contains("<dt>Min · median · max</dt><dd>0 · 36 · 72</dd>", html);
    }

    [Fact]
    public void Render_bias_drawsThresholdAndFlagsUnderRepresentedGroup()
    {
        string html = ProfileHtmlWriter.Render(Report() with { UnderRepresentedShare = 0.05 });

        Assert.Contains("class=\"threshold\"", html);
        Assert.Contains(">5.0% threshold</text>", html);
        Assert.Single(Regex.Matches(html, "<rect class=\"under\""));
        Assert.Single(Regex.Matches(html, "under-represented</span>"));
        Assert.Contains("<th class=\"num\">Target rate</th>", html);
    }

    [Fact]
    public void Render_withoutBiasOrCorrelations_leavesThoseSectionsOut()
    {
        var report = Report(bias: false) with { Profile = ProfileSamples.Small() with { Correlations = [] } };

        string html = ProfileHtmlWriter.Render(report);

        Assert.DoesNotContain("<section id=\"bias\">", html);
        Assert.DoesNotContain("<section id=\"correlations\">", html);
    }

    [Fact]
    public void Render_200columnsOf10MillionRows_staysUnderOneAndAHalfMegabytes()
    {
        string html = ProfileHtmlWriter.Render(new ProfileReport { Title = "wide", Profile = ProfileSamples.Wide(200) });

        Assert.InRange(html.Length, 100_000, 1_500_000);
        Assert.Equal(100, Regex.Matches(html, "aria-label=\"histogram of ").Count);
        Assert.Equal(100, Regex.Matches(html, "aria-label=\"most frequent values of ").Count);
    }

    [Fact]
    public void Render_manyCorrelatedColumns_capsHeatMapAtFortyColumns()
    {
        string html = ProfileHtmlWriter.Render(new ProfileReport { Title = "wide", Profile = ProfileSamples.Wide(60) });

        Assert.Equal(ProfileHeatmapColumns, Regex.Matches(html, "<rect class=\"diag\"").Count);
        Assert.Equal(40 * 39 / 2, Regex.Matches(html, "<rect class=\"(pos|neg)\"").Count);
        Assert.Contains("Only the first 40 of 60 correlated columns are drawn.", html);
    }

    private const int ProfileHeatmapColumns = 40;

    [Fact]
    public async Task WriteAsync_newDirectory_writesPageAndLeavesNoTemporaryFile()
    {
        string dir = Path.Combine(Path.GetTempPath(), "mlcycle-profile-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = Path.Combine(dir, "nested", "profile.html");

            await ProfileHtmlWriter.WriteAsync(Report(), path);

            Assert.Equal(ProfileHtmlWriter.Render(Report()), await File.ReadAllTextAsync(path));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
