using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Tests.Data;

namespace MLCycle.Tests.Profiling;

public sealed class BiasWeightsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ForRows_weights_each_row_by_expected_over_observed_share_of_its_group()
    {
        var path = BiasCheckerTests.People(_temp);
        var report = await new BiasChecker().CheckAsync(path, BiasCheckerTests.FiftyFifty);
        var table = await new TableReader().ReadAsync(path);

        var weights = BiasWeights.ForRows(report, table);

        Assert.Equal(100, weights.Length);
        Assert.Equal(50.0 / 70, weights[0], 12);
        Assert.Equal(50.0 / 30, weights[99], 12);
        // Weighted, men and women count 50 each: the expected population.
        Assert.Equal(50.0, weights.Take(70).Sum(), 9);
        Assert.Equal(50.0, weights.Skip(70).Sum(), 9);
    }

    [Fact]
    public async Task ForRows_uses_the_report_bands_and_leaves_unlisted_groups_at_1()
    {
        var csv = "age\n" + string.Concat(Enumerable.Range(1, 100).Select(a => $"{a}\n")) + "\n";
        var path = _temp.Write("ages.csv", csv);
        var options = new BiasOptions
        {
            Sensitive = ["age"],
            BandEdges = new Dictionary<string, IReadOnlyList<double>> { ["age"] = [0, 50, 100] },
            ExpectedShares = new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["age"] = new Dictionary<string, double> { ["[0, 50)"] = 0.25, ["[50, 100]"] = 0.75 },
            },
        };
        var report = await new BiasChecker().CheckAsync(path, options);
        var table = await new TableReader().ReadAsync(path);

        var weights = BiasWeights.ForRows(report, table);

        // 49 rows in [0, 50) and 51 in [50, 100]; the last row has no age.
        Assert.Equal(101, weights.Length);
        Assert.Equal(0.25 / (49 / 100.0), weights[0], 12);
        Assert.Equal(0.75 / (51 / 100.0), weights[49], 12);
        Assert.Equal(1.0, weights[100]);
    }

    [Fact]
    public async Task ForRows_table_without_the_weighted_column_names_it()
    {
        var path = BiasCheckerTests.People(_temp);
        var report = await new BiasChecker().CheckAsync(path, BiasCheckerTests.FiftyFifty);
        var table = (await new TableReader().ReadAsync(path)).Without(["sex"]);

        var error = Assert.Throws<MLCycleException>(() => BiasWeights.ForRows(report, table));
        Assert.Contains("no column 'sex'", error.Message);
    }
}
