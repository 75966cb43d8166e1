using MLCycle.Data;
using MLCycle.Data.Snapshots;
using MLCycle.Profiling;
using MLCycle.Tests.Data;
using MLCycle.Validation;

namespace MLCycle.Tests.Profiling;

/// <summary>
/// A run profiles, validates and checks bias on its in-memory snapshot; each must give what the same stage gives
/// streaming the file (docs/adr/0011), so the run's report means what `mlcycle profile` and `mlcycle validate` mean.
/// </summary>
public sealed class SnapshotProfileTests
{
    [Theory]
    [InlineData("examples/telco-churn/telco_churn.csv", "churn")]
    [InlineData("examples/ames-housing/ames_housing.csv", "Sale_Price")]
    [InlineData("examples/penguins/penguins.csv", "species")]
    [InlineData("tests/data/pima_diabetes.csv", null)]
    [InlineData("tests/data/german_credit.csv", null)]
    [InlineData("tests/data/seattle_weather.csv", "weather")]
    public async Task ProfileAsync_snapshot_equals_the_streaming_profile_of_the_file(string file, string? target)
    {
        var path = RepoFiles.Path(file.Split('/'));
        var options = new ProfileOptions { Target = target };

        var streamed = await new DatasetProfiler().ProfileAsync(path, null, options);
        var snapshot = await new DatasetProfiler().ProfileAsync(await SnapshotReader.ReadAsync(path, new TableReadOptions()), options);

        Assert.Equal(streamed.Fingerprint, snapshot.Fingerprint);
        Assert.Equal((streamed.Rows, streamed.DuplicateRows), (snapshot.Rows, snapshot.DuplicateRows));
        Assert.Equal(streamed.ConstantColumns, snapshot.ConstantColumns);
        Assert.Equal(streamed.Columns.Select(c => c.Name), snapshot.Columns.Select(c => c.Name));
        foreach (var expected in streamed.Columns)
        {
            var actual = snapshot.Find(expected.Name)!;
            Assert.Equal((expected.Kind, expected.Count, expected.Missing, expected.Distinct), (actual.Kind, actual.Count, actual.Missing, actual.Distinct));
            Assert.Equal(expected.TopValues, actual.TopValues);
            Assert.Equal(expected.Numeric?.Percentiles, actual.Numeric?.Percentiles);
            Assert.Equal(expected.Numeric?.Mean, actual.Numeric?.Mean);
            Assert.Equal(expected.Numeric?.Std, actual.Numeric?.Std);
            Assert.Equal(expected.Histogram?.Counts, actual.Histogram?.Counts);
        }
        Assert.Equal(streamed.Issues.Select(i => (i.Kind, i.Column, i.Count)), snapshot.Issues.Select(i => (i.Kind, i.Column, i.Count)));
        Assert.Equal(streamed.Issues.Select(i => i.Examples), snapshot.Issues.Select(i => i.Examples));
        Assert.Equal(streamed.Correlations, snapshot.Correlations);
        Assert.Equal(streamed.TargetBalance, snapshot.TargetBalance);
    }

    [Fact]
    public async Task ValidateAsync_snapshot_gives_the_results_of_the_file()
    {
        var path = RepoFiles.Path("tests", "data", "pima_diabetes.csv");
        var suite = ExpectationSuiteLoader.Parse("""
            row_count: { min: 700 }
            columns:
              glucose: { range: [60, 199], not_null: true }
              insulin: { max_missing: 0.2, type: numeric }
              diabetes: { allowed: [pos, neg] }
            rules: ["mass > 0"]
            """, "suite.yaml");

        var expected = await new DataValidator().ValidateAsync(path, suite);
        var actual = await new DataValidator().ValidateAsync(await SnapshotReader.ReadAsync(path, new TableReadOptions()), suite);

        Assert.False(expected.Success);
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Results.Select(r => (r.Expectation, r.Column, r.Passed, r.Observed)), actual.Results.Select(r => (r.Expectation, r.Column, r.Passed, r.Observed)));
        Assert.Equal(expected.Results.Select(r => r.Examples.Select(e => e.Row)), actual.Results.Select(r => r.Examples.Select(e => e.Row)));
    }

    [Fact]
    public async Task CheckAsync_snapshot_gives_the_bias_report_of_the_file()
    {
        var path = RepoFiles.Example("telco-churn", "telco_churn.csv");
        var options = new BiasOptions
        {
            Sensitive = ["female", "senior_citizen", "tenure"],
            Target = "monthly_charges",
            ExpectedShares = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["female"] = new Dictionary<string, double> { ["0"] = 0.6, ["1"] = 0.4 } },
        };

        var expected = await new BiasChecker().CheckAsync(path, options);
        var actual = await new BiasChecker().CheckAsync(await SnapshotReader.ReadAsync(path, new TableReadOptions()), options);

        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Groups.Select(g => (g.Label, g.Count, g.Share, g.MissingShare, g.TargetRate, g.UnderRepresented)),
            actual.Groups.Select(g => (g.Label, g.Count, g.Share, g.MissingShare, g.TargetRate, g.UnderRepresented)));
        Assert.Equal(expected.Gaps.Select(g => (g.Column, g.PValue)), actual.Gaps.Select(g => (g.Column, g.PValue)));
        Assert.Equal(expected.Findings, actual.Findings);
        Assert.True(expected.Gaps.Single().PValue < 0.05);
    }
}
