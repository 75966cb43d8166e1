using MLCycle.Data;
using MLCycle.Validation;

namespace MLCycle.Tests.Validation;

public sealed class DataValidatorSourceTests : IDisposable
{
    private readonly ValidationFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task ValidateAsync_parquet_reports_rows_in_file_order()
    {
        var path = Path.Combine(_files.Folder, "numbers.parquet");
        using (var session = DuckDbSession.Open())
            session.Execute($"COPY (SELECT i AS n, i % 7 AS m FROM range(1, 2001) t(i)) TO {SqlText.Literal(path)} (FORMAT parquet)");
        var suite = ExpectationSuiteLoader.Parse("columns: { n: { range: [null, 1995] } }\nrules: [\"m != 0\"]", "s.yaml");
        var result = await new DataValidator().ValidateAsync(path, suite);
        Assert.Equal(2000, result.Rows);
        Assert.Equal([1996L, 1997, 1998, 1999, 2000], result.Results[0].Examples.Select(e => e.Row));
        Assert.Equal(2000 / 7, result.Results[1].UnexpectedCount);
        Assert.Equal([7L, 14, 21, 28, 35], result.Results[1].Examples.Select(e => e.Row));
    }

    [Fact]
    public async Task ValidateAsync_rule_dividing_by_zero_does_not_count_the_row_as_broken()
    {
        var path = _files.Write("div.csv", "a,b\n1,0\n4,2\n1,2\n");
        var suite = ExpectationSuiteLoader.Parse("rules: [\"a / b >= 1\"]", "s.yaml");
        var rule = Assert.Single((await new DataValidator().ValidateAsync(path, suite)).Results);
        Assert.Equal(1, rule.UnexpectedCount);
        Assert.Equal(3, Assert.Single(rule.Examples).Row);
    }

    [Fact]
    public async Task ValidateAsync_boolean_column_allows_true_false_words()
    {
        var path = _files.Write("flags.csv", "flag\ntrue\nfalse\ntrue\n");
        var suite = ExpectationSuiteLoader.Parse("columns: { flag: { type: boolean, allowed: [\"true\"] } }", "s.yaml");
        var result = await new DataValidator().ValidateAsync(path, suite);
        Assert.True(result.Results[0].Passed);
        Assert.Equal(1, result.Results[1].UnexpectedCount);
        Assert.Equal("false", Assert.Single(result.Results[1].Examples).Values["flag"]);
    }

    [Fact]
    public async Task ValidateAsync_missing_data_file_is_a_clear_error()
    {
        var e = await Assert.ThrowsAsync<MLCycleException>(() => new DataValidator().ValidateAsync(Path.Combine(_files.Folder, "none.csv"), new ExpectationSuite()));
        Assert.Contains("none.csv", e.Message);
    }
}
