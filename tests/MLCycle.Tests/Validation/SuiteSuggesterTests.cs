using MLCycle.Data;
using MLCycle.Validation;

namespace MLCycle.Tests.Validation;

public sealed class SuiteSuggesterTests : IDisposable
{
    private readonly ValidationFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static async Task<ExpectationSuite> RoundTripAsync(string path)
    {
        var suite = await SuiteSuggester.SuggestAsync(path);
        var yaml = SuiteSuggester.ToYaml(suite);
        var back = ExpectationSuiteLoader.Parse(yaml, "suggested.yaml");
        Assert.Equal(suite, back);
        Assert.Equal(yaml, SuiteSuggester.ToYaml(back));
        var result = await new DataValidator().ValidateAsync(path, back);
        Assert.True(result.Success, string.Join("; ", result.Results.Where(r => !r.Passed).Select(r => $"{r.Column} {r.Expectation}: {r.Observed}")));
        return back;
    }

    [Fact]
    public async Task SuggestAsync_penguins_round_trips_and_passes_on_its_own_data()
    {
        var suite = await RoundTripAsync(ValidationFiles.Penguins);
        Assert.Equal(new RowCountExpectation(172, 688), suite.RowCount);
        Assert.Equal(8, suite.Columns.Count);
        Assert.All(suite.Columns, c => Assert.True(c.Exists));
        var species = suite.Columns.Single(c => c.Name == "species");
        Assert.Equal(ColumnKind.Categorical, species.Type);
        Assert.True(species.NotNull);
        Assert.Equal(["Adelie", "Chinstrap", "Gentoo"], species.Allowed!);
        // 11 of 344 sexes are missing: 0.03198 * 1.1 + 0.01 = 0.04517, rounded up to 0.046.
        var sex = suite.Columns.Single(c => c.Name == "sex");
        Assert.Null(sex.NotNull);
        Assert.Equal(0.046, sex.MaxMissing);
        Assert.Equal(["female", "male"], sex.Allowed!);
        var bill = suite.Columns.Single(c => c.Name == "bill_length_mm");
        Assert.Equal(new ValueRange(32.1, 59.6), bill.Range);
        Assert.Null(bill.Unique);
    }

    [Fact]
    public async Task SuggestAsync_pima_round_trips_and_passes_on_its_own_data()
    {
        var suite = await RoundTripAsync(ValidationFiles.Pima);
        Assert.Equal(new RowCountExpectation(384, 1536), suite.RowCount);
        Assert.Equal(["neg", "pos"], suite.Columns.Single(c => c.Name == "diabetes").Allowed!);
        var glucose = suite.Columns.Single(c => c.Name == "glucose");
        Assert.Equal(ColumnKind.Numeric, glucose.Type);
        Assert.NotNull(glucose.Range);
        Assert.NotNull(suite.Columns.Single(c => c.Name == "insulin").MaxMissing);
    }

    [Fact]
    public async Task SuggestAsync_suite_catches_a_planted_out_of_range_value_at_its_row()
    {
        var suite = await SuiteSuggester.SuggestAsync(ValidationFiles.Pima);
        var bad = _files.WithField(ValidationFiles.Pima, "pima_bad.csv", 42, "glucose", "1000");
        var result = await new DataValidator().ValidateAsync(bad, suite);
        Assert.False(result.Success);
        var failed = Assert.Single(result.Results, r => !r.Passed);
        Assert.Equal(("glucose", "range", 1L), (failed.Column, failed.Expectation, failed.UnexpectedCount));
        Assert.Equal(42, Assert.Single(failed.Examples).Row);
        Assert.Equal("1000", failed.Examples[0].Values["glucose"]);
    }

    [Fact]
    public async Task SuggestAsync_marks_a_column_of_distinct_values_unique()
    {
        var path = _files.Write("ids.csv", "id,code,group\n1,a1,x\n2,b2,x\n3,c3,y\n");
        var suite = await SuiteSuggester.SuggestAsync(path);
        Assert.Equal([true, true, null], suite.Columns.Select(c => c.Unique));
        Assert.Equal(["x", "y"], suite.Columns[2].Allowed!);
    }

    [Fact]
    public void ToYaml_quotes_awkward_names_and_values_so_they_read_back()
    {
        var suite = new ExpectationSuite
        {
            RowCount = new RowCountExpectation(null, 10),
            Columns =
            [
                new ColumnExpectations { Name = "weird: \"name\" # x", Allowed = ["yes", "null", "a, b", "'q'"], Regex = "^\\d+$" },
                new ColumnExpectations { Name = "r", Range = new ValueRange(null, 0.1 + 0.2), Distribution = new DistributionExpectation(0.2, 0.01) },
            ],
            Rules = [CrossColumnRule.Parse("`weird col` > 1 and r < 2")],
        };
        Assert.Equal(suite, ExpectationSuiteLoader.Parse(SuiteSuggester.ToYaml(suite), "s.yaml"));
    }

    [Fact]
    public void ToYaml_of_a_different_suite_does_not_read_back_equal()
    {
        var a = new ExpectationSuite { Columns = [new ColumnExpectations { Name = "x", Allowed = ["a", "b"] }] };
        var b = new ExpectationSuite { Columns = [new ColumnExpectations { Name = "x", Allowed = ["a", "c"] }] };
        Assert.NotEqual(a, ExpectationSuiteLoader.Parse(SuiteSuggester.ToYaml(b), "s.yaml"));
    }
}
