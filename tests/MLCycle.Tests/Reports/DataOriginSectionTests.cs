using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Reports;

namespace MLCycle.Tests.Reports;

/// <summary>The run report's sections on combined sources and the expected population.</summary>
public sealed class DataOriginSectionTests
{
    [Fact]
    public void Render_without_sources_or_population_has_neither_section()
    {
        var html = HtmlReportWriter.Render(SampleReports.Binary());

        Assert.DoesNotContain("<section id=\"sources\">", html);
        Assert.DoesNotContain("<section id=\"population\">", html);
    }

    [Fact]
    public void Render_sources_lists_each_source_and_every_coercion_encoded()
    {
        var report = SampleReports.Binary() with
        {
            Sources = ["a.csv", "b<x>.jsonl"],
            Combine = "join on 'id'",
            Coercions = [new SourceCoercion("amount", "a.csv", "BIGINT", "DOUBLE", "'b<x>.jsonl' has DOUBLE")],
        };

        var html = HtmlReportWriter.Render(report);

        Assert.Contains("The join on &#39;id&#39; of 2 source(s):", html);
        Assert.Contains("<li>b&lt;x&gt;.jsonl</li>", html);
        Assert.Contains("<tr><td>amount</td><td>a.csv</td><td>BIGINT</td><td>DOUBLE</td><td>&#39;b&lt;x&gt;.jsonl&#39; has DOUBLE</td></tr>", html);
    }

    [Fact]
    public void Render_population_shows_the_test_each_groups_shares_and_the_weighting()
    {
        var gap = new BiasPopulationGap
        {
            Column = "sex",
            Groups = [new BiasGroupGap("F", 30, 0.3, 0.5, 50, 0.5 / 0.3), new BiasGroupGap("M", 70, 0.7, 0.5, 50, 0.5 / 0.7)],
            ChiSquared = 16,
            DegreesOfFreedom = 1,
            PValue = 6.3e-5,
            UnlistedRows = 4,
        };
        var report = SampleReports.Binary() with { PopulationGaps = [gap], PopulationFindings = ["'sex' differs."], Weighting = "Training was reweighted." };

        var html = HtmlReportWriter.Render(report);

        Assert.Contains("<section id=\"population\"><h2>Expected population</h2><p>Training was reweighted.</p>", html);
        Assert.Contains("chi-squared 16, df 1, p = 6.3E-05 <span class=\"badge fail\">differs from the population</span>", html);
        Assert.Contains("<tr><td>F</td><td class=\"num\">30</td><td class=\"num\">30.0%</td><td class=\"num\">50.0%</td><td class=\"num\">1.6667</td></tr>", html);
        Assert.Contains("4 rows are in groups without an expected share", html);
        Assert.Contains("<li>&#39;sex&#39; differs.</li>", html);
    }
}
