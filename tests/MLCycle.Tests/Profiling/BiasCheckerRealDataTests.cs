using MLCycle.Profiling;
using MLCycle.Tests.Data;

namespace MLCycle.Tests.Profiling;

public sealed class BiasCheckerRealDataTests
{
    [Fact]
    public async Task CheckAsync_telco_female_and_senior_citizen_match_the_known_shares()
    {
        var options = new BiasOptions
        {
            Sensitive = ["female", "senior_citizen"],
            Target = "churn",
            PositiveClass = "Yes",
            ExpectedShares = new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["female"] = new Dictionary<string, double> { ["0"] = 0.5, ["1"] = 0.5 },
            },
        };

        var report = await new BiasChecker().CheckAsync(RepoFiles.Example("telco-churn", "telco_churn.csv"), options);

        Assert.Equal(7043, report.Rows);
        var seniors = report.GroupsOf("senior_citizen").Single(g => g.Label == "1");
        Assert.Equal(1142, seniors.Count);
        Assert.InRange(seniors.Share, 0.16, 0.165);
        // Seniors churn far more often (about 42% against 24%), which the four-fifths finding must call out.
        Assert.InRange(seniors.TargetRate!.Value, 0.40, 0.44);
        Assert.Contains(report.Findings, f => f.Contains("across 'senior_citizen'", StringComparison.Ordinal) && f.Contains("below 0.8", StringComparison.Ordinal));
        var cells = report.GroupsOf("female×senior_citizen").ToList();
        Assert.Equal(4, cells.Count);
        Assert.Equal(7043, cells.Sum(c => c.Count));
        Assert.All(report.Groups, g => Assert.False(g.UnderRepresented));
        // Men and women are close to 50/50 in telco, so the test finds no gap.
        var gap = Assert.Single(report.Gaps);
        Assert.True(gap.PValue > 0.05, $"p = {gap.PValue}");
        Assert.All(gap.Groups, g => Assert.InRange(g.Weight, 0.98, 1.02));
    }
}
