using System.Text;
using MLCycle.Profiling;
using MLCycle.Tests.Data;

namespace MLCycle.Tests.Profiling;

public sealed class BiasCheckerBandTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly BiasChecker _checker = new();

    public void Dispose() => _temp.Dispose();

    // Ages 1..100 once each, then one row with no age; target y is the age itself.
    private string Ages()
    {
        var csv = new StringBuilder("age,y\n");
        for (var age = 1; age <= 100; age++) csv.Append(age).Append(',').Append(age).Append('\n');
        csv.Append(",0\n");
        return _temp.Write("ages.csv", csv.ToString());
    }

    [Fact]
    public async Task CheckAsync_numeric_column_with_many_values_is_cut_into_quantile_bands()
    {
        var report = await _checker.CheckAsync(Ages(), new BiasOptions { Sensitive = ["age"], Target = "y" });

        // Edges are the minimum, the discrete 20/40/60/80% quantiles of 1..100 and the maximum.
        Assert.Equal([1.0, 20, 40, 60, 80, 100], report.Columns[0].BandEdges!);
        var groups = report.GroupsOf("age").ToDictionary(g => g.Label);
        Assert.Equal(19, groups["[1, 20)"].Count);
        Assert.Equal(20, groups["[20, 40)"].Count);
        Assert.Equal(21, groups["[80, 100]"].Count);
        Assert.Equal(1, groups["(missing)"].Count);
        // A numeric target without a positive class gives the group mean: ages 1..19 average 10.
        Assert.Equal(10.0, groups["[1, 20)"].TargetRate!.Value, 12);
        Assert.Equal(101, report.Groups.Sum(g => g.Count));
    }

    [Fact]
    public async Task CheckAsync_explicit_band_edges_win_over_quantiles()
    {
        var options = new BiasOptions
        {
            Sensitive = ["age"],
            BandEdges = new Dictionary<string, IReadOnlyList<double>> { ["age"] = [0, 30, 60, 100] },
        };

        var report = await _checker.CheckAsync(Ages(), options);

        Assert.Equal(["[60, 100]", "[30, 60)", "[0, 30)", "(missing)"], report.GroupsOf("age").Select(g => g.Label));
        Assert.Equal([41L, 30L, 29L, 1L], report.GroupsOf("age").Select(g => g.Count));
    }

    [Fact]
    public async Task CheckAsync_numeric_column_with_few_values_keeps_its_values()
    {
        var csv = "level,v\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{i % 3},{i}\n"));

        var report = await _checker.CheckAsync(_temp.Write("levels.csv", csv), new BiasOptions { Sensitive = ["level"] });

        Assert.Null(report.Columns[0].BandEdges);
        Assert.Equal(["0", "1", "2"], report.GroupsOf("level").Select(g => g.Label));
    }

    [Fact]
    public async Task CheckAsync_many_under_represented_cells_of_one_intersection_share_one_finding()
    {
        // a is 90% of rows and b 10%; crossed with 5 equal levels, the 5 b cells hold 2% each.
        var csv = "g,level\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"{(i < 90 ? "a" : "b")},L{i % 5}\n"));

        var report = await _checker.CheckAsync(_temp.Write("cells.csv", csv), new BiasOptions { Sensitive = ["g", "level"] });

        Assert.Equal(5, report.GroupsOf("g×level").Count(g => g.UnderRepresented));
        var finding = Assert.Single(report.Findings, f => f.Contains("under-represented", StringComparison.Ordinal));
        Assert.StartsWith("5 groups of 'g×level' are under-represented (below the 5.0% threshold): 'b × L0' 2 rows (2.0%), ", finding);
    }
}
