using System.Text;
using MLCycle.Profiling;
using MLCycle.Tests.Data;

namespace MLCycle.Tests.Profiling;

public sealed class BiasCheckerTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly BiasChecker _checker = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// 100 rows: men are rows 0-69 (region N on even rows, S on odd), women rows 70-99 (N for 70-96, S for 97-99).
    /// Churn is Yes for rows 0-27 (28 of 70 men, 14 of them N) and 70-75 (6 of 30 women, all N).
    /// Note is missing for every woman and present for every man.
    /// </summary>
    internal static string People(TempFolder temp)
    {
        var csv = new StringBuilder("sex,region,note,churn\n");
        for (var i = 0; i < 100; i++)
        {
            var man = i < 70;
            var region = man ? (i % 2 == 0 ? "N" : "S") : (i <= 96 ? "N" : "S");
            var churn = i < 28 || (i >= 70 && i < 76) ? "Yes" : "No";
            csv.Append(man ? "M" : "F").Append(',').Append(region).Append(',').Append(man ? "x" : "").Append(',').Append(churn).Append('\n');
        }
        return temp.Write("people.csv", csv.ToString());
    }

    internal static BiasOptions FiftyFifty => new()
    {
        Sensitive = ["sex", "region"],
        Target = "churn",
        PositiveClass = "Yes",
        ExpectedShares = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["sex"] = new Dictionary<string, double> { ["M"] = 0.5, ["F"] = 0.5 } },
    };

    [Fact]
    public async Task CheckAsync_70_men_30_women_against_50_50_gives_chi_squared_16()
    {
        var report = await _checker.CheckAsync(People(_temp), FiftyFifty);

        var gap = Assert.Single(report.Gaps);
        Assert.Equal("sex", gap.Column);
        Assert.Equal(16.0, gap.ChiSquared, 10);
        Assert.Equal(1, gap.DegreesOfFreedom);
        // P(chi-squared with 1 df > 16) = erfc(sqrt(8)) = 6.334248366624e-5.
        Assert.Equal(6.334248366624e-5, gap.PValue, 12);
        Assert.Equal(0, gap.UnlistedRows);
        var men = gap.Groups.Single(g => g.Group == "M");
        var women = gap.Groups.Single(g => g.Group == "F");
        Assert.Equal((70L, 0.7, 50.0), (men.Observed, men.ObservedShare, men.ExpectedCount));
        Assert.Equal(50.0 / 70, men.Weight, 12);
        Assert.Equal(50.0 / 30, women.Weight, 12);
        Assert.Contains(report.Findings, f => f.StartsWith("'sex' differs from the expected population (chi-squared 16, df 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckAsync_single_column_groups_have_hand_computed_shares_rates_and_missing()
    {
        var report = await _checker.CheckAsync(People(_temp), FiftyFifty);

        var sex = report.GroupsOf("sex").ToList();
        Assert.Equal(["M", "F"], sex.Select(g => g.Label));
        Assert.Equal((70L, 0.7, 0.4), (sex[0].Count, sex[0].Share, sex[0].TargetRate!.Value));
        Assert.Equal((30L, 0.3, 0.2), (sex[1].Count, sex[1].Share, sex[1].TargetRate!.Value));
        // Other columns are region, note and churn: women miss note in all 30 rows, 30 of 90 cells.
        Assert.Equal(0.0, sex[0].MissingShare);
        Assert.Equal(1.0 / 3, sex[1].MissingShare, 12);
        Assert.All(sex, g => Assert.False(g.UnderRepresented));
        // 0.2 / 0.4 = 0.5 breaks the four-fifths rule.
        Assert.Contains("The rate of 'churn' = 'Yes' across 'sex' ranges from 20.0% ('F') to 40.0% ('M'); the ratio 0.5 is below 0.8 (the four-fifths rule), a disparity worth a look.",
            report.Findings);
    }

    [Fact]
    public async Task CheckAsync_nan_in_a_numeric_column_counts_as_missing()
    {
        // Men have NaN or nothing for score in both rows, women two numbers: of the other columns (score, region, churn), men miss 2 of 6 cells.
        var path = _temp.Write("nan.csv", "sex,score,region,churn\nM,NaN,N,Yes\nM,,S,No\nF,2.5,N,Yes\nF,3,S,No\n");

        var report = await _checker.CheckAsync(path, FiftyFifty);

        var sex = report.GroupsOf("sex").ToDictionary(g => g.Label);
        Assert.Equal(2.0 / 6, sex["M"].MissingShare, 12);
        Assert.Equal(0.0, sex["F"].MissingShare);
    }

    [Fact]
    public async Task CheckAsync_file_wider_than_duckdbs_expression_depth_counts_missing_values()
    {
        // 1,200 numeric columns: a flat sum of 1,200 missing flags was deeper than DuckDB's limit of 1,000. Men miss n0,
        // one of their 1,202 other cells (the numbers, region and churn).
        const int numbers = 1_200;
        var header = "sex,region," + string.Join(',', Enumerable.Range(0, numbers).Select(i => $"n{i}")) + ",churn\n";
        var man = "M,N," + string.Join(',', Enumerable.Range(0, numbers).Select(i => i == 0 ? "" : "1")) + ",Yes\n";
        var woman = "F,S," + string.Join(',', Enumerable.Range(0, numbers).Select(_ => "2")) + ",No\n";
        var path = _temp.Write("wide.csv", header + man + woman + man + woman);

        var report = await _checker.CheckAsync(path, FiftyFifty);

        var sex = report.GroupsOf("sex").ToDictionary(g => g.Label);
        Assert.Equal(1.0 / (numbers + 2), sex["M"].MissingShare, 12);
        Assert.Equal(0.0, sex["F"].MissingShare);
    }

    [Fact]
    public async Task CheckAsync_intersection_counts_every_combination_and_flags_the_small_one()
    {
        var report = await _checker.CheckAsync(People(_temp), FiftyFifty);

        var cells = report.GroupsOf("sex×region").ToList();
        Assert.Equal(["M × N", "M × S", "F × N", "F × S"], cells.Select(g => g.Label));
        Assert.Equal([35L, 35L, 27L, 3L], cells.Select(g => g.Count));
        Assert.Equal([14.0 / 35, 14.0 / 35, 6.0 / 27, 0.0], cells.Select(g => g.TargetRate!.Value));
        // Other columns are note and churn: women miss note, so half their cells.
        Assert.Equal([0.0, 0.0, 0.5, 0.5], cells.Select(g => g.MissingShare));
        Assert.Equal([false, false, false, true], cells.Select(g => g.UnderRepresented));
        Assert.Equal(["F", "S"], cells[3].Values);
        Assert.Contains("'sex' = 'F' and 'region' = 'S' is under-represented: 3 rows (3.0%), below the 5.0% threshold.", report.Findings);
        Assert.Equal(100, report.Groups.Where(g => g.Column == "region").Sum(g => g.Count));
    }

    [Fact]
    public async Task CheckAsync_under_represented_flag_is_strictly_below_the_5_percent_default()
    {
        var csv = new StringBuilder("x,y\n");
        for (var i = 0; i < 100; i++) csv.Append(i < 4 ? "b" : "a").Append(',').Append(i < 5 ? "b" : "a").Append('\n');

        var report = await _checker.CheckAsync(_temp.Write("small.csv", csv.ToString()), new BiasOptions { Sensitive = ["x", "y"] });

        Assert.True(report.GroupsOf("x").Single(g => g.Label == "b").UnderRepresented);
        Assert.False(report.GroupsOf("y").Single(g => g.Label == "b").UnderRepresented);
        Assert.All(report.Groups, g => Assert.Null(g.TargetRate));
        Assert.Empty(report.Gaps);
    }

    [Fact]
    public async Task CheckAsync_missing_values_form_their_own_group_left_out_of_the_population_test()
    {
        var csv = "g,v\n" + string.Concat(Enumerable.Range(0, 20).Select(i => (i < 10 ? "a" : i < 18 ? "b" : "") + $",{i}\n"));
        var options = new BiasOptions
        {
            Sensitive = ["g"],
            ExpectedShares = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["g"] = new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.5 } },
        };

        var report = await _checker.CheckAsync(_temp.Write("gaps.csv", csv), options);

        var groups = report.GroupsOf("g").ToList();
        Assert.Equal(["a", "b", "(missing)"], groups.Select(g => g.Label));
        Assert.Equal([10L, 8L, 2L], groups.Select(g => g.Count));
        Assert.False(groups[2].UnderRepresented);
        Assert.Contains("'g' is missing in 2 rows (10.0%); they are kept as the group (missing).", report.Findings);
        var gap = Assert.Single(report.Gaps);
        Assert.Equal(2, gap.UnlistedRows);
        // Over the 18 listed rows: expected 9 and 9, so (10-9)²/9 + (8-9)²/9 = 2/9.
        Assert.Equal(2.0 / 9, gap.ChiSquared, 12);
        Assert.Equal(0.5 / (10.0 / 18), gap.Groups[0].Weight, 12);
    }

    [Fact]
    public async Task CheckAsync_parquet_file_gives_the_same_groups_as_csv()
    {
        var parquet = _temp.WriteParquet("people.parquet", $"SELECT * FROM read_csv({MLCycle.Data.SqlText.Literal(People(_temp))})");

        var report = await _checker.CheckAsync(parquet, FiftyFifty);

        Assert.Equal([70L, 30L], report.GroupsOf("sex").Select(g => g.Count));
        Assert.Equal(16.0, report.Gaps[0].ChiSquared, 10);
    }
}
