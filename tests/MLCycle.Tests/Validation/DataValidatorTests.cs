using MLCycle.Validation;

namespace MLCycle.Tests.Validation;

public sealed class DataValidatorTests : IDisposable
{
    private readonly ValidationFiles _files = new();
    private readonly string _people;

    public DataValidatorTests() => _people = _files.Write("people.csv", PlantedPeople.Csv);

    public void Dispose() => _files.Dispose();

    private async Task<ExpectationResult> Single(string yaml)
    {
        var suite = ExpectationSuiteLoader.Parse(yaml, "suite.yaml");
        var result = await new DataValidator().ValidateAsync(_people, suite);
        Assert.Equal(8, result.Rows);
        var single = Assert.Single(result.Results);
        Assert.Equal(single.Passed, result.Success);
        return single;
    }

    private static void AssertRows(ExpectationResult result, params long[] rows) =>
        Assert.Equal(rows, result.Examples.Select(e => e.Row));

    [Fact]
    public async Task NotNull_missing_age_fails_at_row_3()
    {
        var r = await Single("columns: { age: { not_null: true } }");
        Assert.False(r.Passed);
        Assert.Equal("not_null", r.Expectation);
        Assert.Equal("age", r.Column);
        Assert.Equal(1, r.UnexpectedCount);
        AssertRows(r, 3);
        Assert.Null(r.Examples[0].Values["age"]);
    }

    [Fact]
    public async Task NotNull_complete_column_passes() =>
        Assert.True((await Single("columns: { id: { not_null: true } }")).Passed);

    [Theory]
    [InlineData(0.1, false)]
    [InlineData(0.125, true)]
    [InlineData(0.2, true)]
    public async Task MaxMissing_compares_the_share_of_missing_rows(double bound, bool passes)
    {
        var r = await Single($"columns: {{ age: {{ max_missing: {bound.ToString(System.Globalization.CultureInfo.InvariantCulture)} }} }}");
        Assert.Equal(passes, r.Passed);
        Assert.Equal(1, r.UnexpectedCount);
        Assert.StartsWith("0.125 missing (1 of 8)", r.Observed);
    }

    [Fact]
    public async Task Range_finds_values_outside_both_bounds()
    {
        var r = await Single("columns: { age: { range: [0, 120] } }");
        Assert.False(r.Passed);
        Assert.Equal(2, r.UnexpectedCount);
        AssertRows(r, 2, 6);
        Assert.Equal(["150", "-1"], r.Examples.Select(e => e.Values["age"]));
    }

    [Fact]
    public async Task Range_with_open_lower_bound_checks_only_the_upper()
    {
        var r = await Single("columns: { age: { range: [null, 120] } }");
        Assert.Equal(1, r.UnexpectedCount);
        AssertRows(r, 2);
    }

    [Fact]
    public async Task Range_wide_enough_passes() =>
        Assert.True((await Single("columns: { age: { range: [-5, 200] } }")).Passed);

    [Fact]
    public async Task Range_on_a_categorical_column_fails_and_says_why()
    {
        var r = await Single("columns: { sex: { range: [0, 1] } }");
        Assert.False(r.Passed);
        Assert.Contains("categorical", r.Observed);
    }

    [Fact]
    public async Task Allowed_finds_other_values_and_ignores_missing_ones()
    {
        var r = await Single("columns: { sex: { allowed: [male, female] } }");
        Assert.False(r.Passed);
        Assert.Equal(1, r.UnexpectedCount);
        AssertRows(r, 4);
        Assert.Equal("other", r.Examples[0].Values["sex"]);
    }

    [Fact]
    public async Task Allowed_full_set_passes() =>
        Assert.True((await Single("columns: { sex: { allowed: [male, female, other] } }")).Passed);

    [Fact]
    public async Task Allowed_on_a_numeric_column_compares_numbers()
    {
        var r = await Single("columns: { id: { allowed: [1, 2, 3, 4, 6, 7] } }");
        Assert.Equal(1, r.UnexpectedCount);
        AssertRows(r, 8);
    }

    [Fact]
    public async Task Regex_finds_values_that_do_not_match_in_full()
    {
        var r = await Single("columns: { email: { regex: \"^[^@]+@[^@]+$\" } }");
        Assert.False(r.Passed);
        Assert.Equal(2, r.UnexpectedCount);
        AssertRows(r, 3, 6);
        Assert.Equal(["bad-email", "x@y@z"], r.Examples.Select(e => e.Values["email"]));
    }

    [Fact]
    public async Task Regex_is_matched_against_the_whole_value()
    {
        // 'a@b.com' contains '@b' but is not '@b' in full.
        var r = await Single("columns: { email: { regex: \"@b\" } }");
        Assert.Equal(8, r.UnexpectedCount);
    }

    [Fact]
    public async Task Unique_reports_every_row_sharing_a_value()
    {
        var r = await Single("columns: { id: { unique: true } }");
        Assert.False(r.Passed);
        Assert.Equal(2, r.UnexpectedCount);
        AssertRows(r, 4, 5);
        Assert.All(r.Examples, e => Assert.Equal("4", e.Values["id"]));
    }

    [Fact]
    public async Task Unique_distinct_column_passes() =>
        Assert.True((await Single("columns: { email: { unique: true } }")).Passed);

    [Theory]
    [InlineData("row_count: { min: 5, max: 8 }", true)]
    [InlineData("row_count: { min: 9 }", false)]
    [InlineData("row_count: { max: 7 }", false)]
    public async Task RowCount_checks_both_bounds(string yaml, bool passes)
    {
        var r = await Single(yaml);
        Assert.Equal(passes, r.Passed);
        Assert.Equal("8 rows", r.Observed);
    }

    [Theory]
    [InlineData("age", "true", true)]
    [InlineData("age", "false", false)]
    [InlineData("height", "true", false)]
    [InlineData("height", "false", true)]
    public async Task Exists_checks_presence_and_absence(string column, string exists, bool passes) =>
        Assert.Equal(passes, (await Single($"columns: {{ {column}: {{ exists: {exists} }} }}")).Passed);

    [Fact]
    public async Task Expectations_on_an_absent_column_all_fail()
    {
        var suite = ExpectationSuiteLoader.Parse("columns: { height: { not_null: true, range: [0, 3] } }", "suite.yaml");
        var result = await new DataValidator().ValidateAsync(_people, suite);
        Assert.False(result.Success);
        Assert.Equal(["not_null", "range"], result.Results.Select(r => r.Expectation));
        Assert.All(result.Results, r => Assert.Equal("the column is absent", r.Observed));
    }

    [Theory]
    [InlineData("age", "numeric", true)]
    [InlineData("sex", "categorical", true)]
    [InlineData("age", "categorical", false)]
    public async Task Type_compares_with_the_inferred_kind(string column, string type, bool passes)
    {
        var r = await Single($"columns: {{ {column}: {{ type: {type} }} }}");
        Assert.Equal(passes, r.Passed);
        Assert.Equal(type, r.Expected);
    }

    [Fact]
    public async Task Rule_finds_planted_violations_at_their_rows()
    {
        var r = await Single("rules: [\"age >= years_employed + 14\"]");
        Assert.False(r.Passed);
        Assert.Equal("rule", r.Expectation);
        Assert.Equal("age >= years_employed + 14", r.Expected);
        Assert.Equal(3, r.UnexpectedCount);
        AssertRows(r, 4, 6, 7);
        Assert.Equal("25", r.Examples[0].Values["age"]);
        Assert.Equal("20", r.Examples[0].Values["years_employed"]);
        // Row 3 has no age, so the rule cannot be decided there; it is reported, not counted as broken.
        Assert.Contains("1 rows not checked", r.Observed);
    }

    [Fact]
    public async Task Rule_with_and_or_and_parentheses_is_evaluated_per_row()
    {
        var r = await Single("rules: [\"(age > 100 or age < 0) and income / 100 >= 2\"]");
        // Only rows 2 (age 150, income 200) and 6 (age -1, income 500) meet it; row 3 (no age, no income) is undecided.
        Assert.Equal(5, r.UnexpectedCount);
        AssertRows(r, 1, 4, 5, 7, 8);
    }

    [Fact]
    public async Task Rule_that_holds_everywhere_passes() =>
        Assert.True((await Single("rules: [\"years_employed * 2 - -1 != 0\"]")).Passed);

    [Fact]
    public async Task Rule_naming_an_unknown_column_is_a_spec_error()
    {
        var suite = ExpectationSuiteLoader.Parse("rules: [\"age >= tenure\"]", "suite.yaml");
        var e = await Assert.ThrowsAsync<MLCycleException>(() => new DataValidator().ValidateAsync(_people, suite));
        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("'tenure'", e.Message);
    }

    [Fact]
    public async Task Rule_on_a_categorical_column_is_a_spec_error()
    {
        var suite = ExpectationSuiteLoader.Parse("rules: [\"sex == 1\"]", "suite.yaml");
        var e = await Assert.ThrowsAsync<MLCycleException>(() => new DataValidator().ValidateAsync(_people, suite));
        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("'sex'", e.Message);
    }

    [Fact]
    public async Task Invalid_regex_is_a_spec_error_naming_the_column()
    {
        var suite = ExpectationSuiteLoader.Parse("columns: { email: { regex: \"([a-z\" } }", "suite.yaml");
        var e = await Assert.ThrowsAsync<MLCycleException>(() => new DataValidator().ValidateAsync(_people, suite));
        Assert.True(e.Kind == ErrorKind.BadSpec, e.Message);
        Assert.Contains("columns.email.regex", e.Message);
    }

    [Fact]
    public async Task Examples_stop_at_five_rows_but_the_count_does_not()
    {
        var r = await Single("columns: { income: { range: [0, 50] } }");
        Assert.Equal(7, r.UnexpectedCount);
        AssertRows(r, 1, 2, 4, 5, 6);
    }
}
