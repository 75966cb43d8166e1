using MLCycle.Reports;

namespace MLCycle.Tests.Reports;

public class LeaderboardSectionTests
{
    [Fact]
    public void Render_searchedRun_listsEveryTrialBestFirstWithTheBudgetSentence()
    {
        var report = SampleReports.Binary() with
        {
            Search = "3 trial(s) (1 failed or unfinished) in 4.2 s of a 5 s budget, within it (+10%); stopped: budget spent.",
            Leaderboard =
            [
                new LeaderboardRow(2, "lightgbm", "number_of_leaves=12", 0.81, 0.01, 1.5, null),
                new LeaderboardRow(1, "baseline", "defaults", 0.5, 0, 0.1, null),
                new LeaderboardRow(3, "fasttree", "defaults", double.NaN, double.NaN, 0.4, "Algorithm 'fasttree' failed <rejected>"),
            ],
        };

        var html = HtmlReportWriter.Render(report);

        Assert.Contains("<section id=\"leaderboard\"><h2>Leaderboard</h2><p>3 trial(s) (1 failed or unfinished) in 4.2 s of a 5 s budget", html);
        Assert.Contains("<tr class=\"winner\"><td class=\"num\">1</td><td class=\"num\">2</td><td>lightgbm</td><td>number_of_leaves=12</td>", html);
        Assert.Contains("failed: Algorithm &#39;fasttree&#39; failed &lt;rejected&gt;", html);
        Assert.True(html.IndexOf("lightgbm</td><td>number_of_leaves", StringComparison.Ordinal) < html.IndexOf("<td>baseline</td>", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_runWithoutSearch_hasNoLeaderboard()
    {
        var html = HtmlReportWriter.Render(SampleReports.Binary());

        Assert.DoesNotContain("id=\"leaderboard\"", html);
    }
}
