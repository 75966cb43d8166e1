using MLCycle.Profiling;
using MLCycle.Tests.Data;

namespace MLCycle.Tests.Profiling.Scanning;

/// <summary>
/// The same real file profiled through MLCycle's CSV reader (.csv) and through DuckDB's reader (the bytes copied to a
/// .txt, whose dialect DuckDB sniffs) must give the same profile: kinds, counts, distinct values, statistics, top values
/// and issues. This is what keeps the fast reader honest about booleans, dates, quoting and missing values.
/// </summary>
public sealed class FastAndDuckDbProfilesAgreeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("examples/telco-churn/telco_churn.csv", "churn")]
    [InlineData("examples/ames-housing/ames_housing.csv", "Sale_Price")]
    [InlineData("examples/penguins/penguins.csv", "species")]
    [InlineData("tests/data/pima_diabetes.csv", null)]
    [InlineData("tests/data/german_credit.csv", null)]
    [InlineData("tests/data/seattle_weather.csv", "weather")]
    public async Task ProfileAsync_fast_csv_reader_agrees_with_duckdb(string file, string? target)
    {
        var csv = RepoFiles.Path(file.Split('/'));
        var txt = _temp.Path("copy.txt");
        File.Copy(csv, txt);
        var options = new ProfileOptions { Target = target };

        var fast = await new DatasetProfiler().ProfileAsync(csv, null, options);
        var duck = await new DatasetProfiler().ProfileAsync(txt, null, options);

        Assert.Equal(duck.Rows, fast.Rows);
        Assert.Equal(duck.DuplicateRows, fast.DuplicateRows);
        foreach (var expected in duck.Columns)
        {
            var actual = fast.Find(expected.Name)!;
            Assert.Equal((expected.Name, expected.Kind, expected.Count, expected.Missing, expected.Distinct),
                (actual.Name, actual.Kind, actual.Count, actual.Missing, actual.Distinct));
            Assert.Equal(expected.TopValues, actual.TopValues);
            Assert.Equal(expected.Numeric?.Percentiles, actual.Numeric?.Percentiles);
            Assert.Equal(expected.Histogram?.Counts, actual.Histogram?.Counts);
        }
        Assert.Equal(duck.Issues.Select(i => (i.Kind, i.Column, i.Count)), fast.Issues.Select(i => (i.Kind, i.Column, i.Count)));
        Assert.Equal(duck.Issues.Select(i => i.Examples), fast.Issues.Select(i => i.Examples));
    }

    [Fact]
    public async Task ProfileAsync_telco_finds_its_duplicates_and_outliers_and_no_constant_column()
    {
        var profile = await new DatasetProfiler().ProfileAsync(RepoFiles.Path("examples", "telco-churn", "telco_churn.csv"), null, new ProfileOptions { Target = "churn" });

        Assert.Equal(22, profile.DuplicateRows);
        Assert.Empty(profile.ConstantColumns);
        Assert.Equal(7043, profile.Find("churn")!.Count);
        Assert.DoesNotContain(profile.Issues, i => i.Kind == DataIssueKinds.Constant);
    }
}
