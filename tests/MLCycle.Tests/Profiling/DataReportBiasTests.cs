using MLCycle.Profiling;
using MLCycle.Tests.Data;

namespace MLCycle.Tests.Profiling;

/// <summary>The bias part of the profile report: one entry per sensitive column and one for their intersection, each with its own groups, gap and findings.</summary>
public sealed class DataReportBiasTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task From_twoSensitiveColumns_givesAnEntryEachAndOneForTheIntersection()
    {
        var bias = await new BiasChecker().CheckAsync(BiasCheckerTests.People(_temp), BiasCheckerTests.FiftyFifty);

        var entries = DataReportBias.From(bias);

        Assert.Equal([["sex"], ["region"], ["sex", "region"]], entries.Select(e => e.Columns));
        var sex = entries[0];
        Assert.Equal(["M", "F"], sex.Groups.Select(g => g.Group));
        var women = sex.Groups[1];
        Assert.Equal((30L, 0.3, false, 0.2), (women.Rows, women.Share, women.UnderRepresented, women.TargetRate!.Value));
        Assert.Equal(1.0 / 3, women.MissingShare, 12);
        Assert.Equal(16.0, sex.PopulationGap!.ChiSquared, 10);
        Assert.Null(entries[1].PopulationGap);
        Assert.Null(entries[2].PopulationGap);
        Assert.Null(sex.BandEdges);
    }

    [Fact]
    public async Task From_intersection_keepsValuesPerColumnAndItsOwnFindings()
    {
        var bias = await new BiasChecker().CheckAsync(BiasCheckerTests.People(_temp), BiasCheckerTests.FiftyFifty);

        var cells = DataReportBias.From(bias)[2];

        Assert.Equal(["M × N", "M × S", "F × N", "F × S"], cells.Groups.Select(g => g.Group));
        Assert.Equal(["F", "S"], cells.Groups[3].Values);
        Assert.Equal([false, false, false, true], cells.Groups.Select(g => g.UnderRepresented));
        Assert.Equal(["'sex' = 'F' and 'region' = 'S' is under-represented: 3 rows (3.0%), below the 5.0% threshold."], cells.Findings);
    }

    [Fact]
    public async Task From_findings_areSplitByColumnWithoutLosingAny()
    {
        var bias = await new BiasChecker().CheckAsync(BiasCheckerTests.People(_temp), BiasCheckerTests.FiftyFifty);

        var entries = DataReportBias.From(bias);

        Assert.Equal(bias.Findings, entries.SelectMany(e => e.Findings));
        Assert.Contains(entries[0].Findings, f => f.StartsWith("'sex' differs from the expected population", StringComparison.Ordinal));
        Assert.Contains(entries[0].Findings, f => f.StartsWith("The rate of 'churn' = 'Yes' across 'sex'", StringComparison.Ordinal));
        Assert.All(entries[1].Findings, f => Assert.Contains("'region'", f));
    }

    [Fact]
    public async Task From_bandedNumericColumn_keepsItsBandEdges()
    {
        var csv = new System.Text.StringBuilder("age,y\n");
        for (var i = 0; i < 100; i++) csv.Append(20 + i).Append(',').Append(i % 3 == 0 ? "Yes" : "No").Append('\n');
        var path = _temp.Write("ages.csv", csv.ToString());

        var bias = await new BiasChecker().CheckAsync(path, new BiasOptions { Sensitive = ["age"], BandEdges = new Dictionary<string, IReadOnlyList<double>> { ["age"] = [20, 60, 119] } });

        var entry = Assert.Single(DataReportBias.From(bias));
        Assert.Equal([20.0, 60.0, 119.0], entry.BandEdges);
        Assert.Equal([("[60, 119]", 60L), ("[20, 60)", 40L)], entry.Groups.Select(g => (g.Group, g.Rows)));
    }
}
