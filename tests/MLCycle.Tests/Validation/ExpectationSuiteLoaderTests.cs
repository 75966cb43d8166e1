using MLCycle.Data;
using MLCycle.Validation;

namespace MLCycle.Tests.Validation;

public sealed class ExpectationSuiteLoaderTests
{
    private const string Example = """
        # expectations.yaml
        row_count: { min: 100, max: 1000000 }
        columns:
          age:       { type: numeric, not_null: true, range: [0, 120] }
          income:    { type: numeric, max_missing: 0.05, distribution: { psi: 0.2 } }
          sex:       { allowed: [male, female] }
          email:     { regex: "^[^@]+@[^@]+$" }
          id:        { unique: true }
          tenure:    { exists: true, distribution: { ks_p: 0.01 } }
        rules:
          - "age >= years_employed + 14"
        """;

    private static MLCycleException Fails(string yaml)
    {
        var e = Assert.Throws<MLCycleException>(() => ExpectationSuiteLoader.Parse(yaml, "/data/suite.yaml"));
        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.StartsWith("/data/suite.yaml", e.Message);
        return e;
    }

    [Fact]
    public void Parse_reads_every_expectation_kind()
    {
        var suite = ExpectationSuiteLoader.Parse(Example, "suite.yaml");
        Assert.Equal(new RowCountExpectation(100, 1_000_000), suite.RowCount);
        Assert.Equal(["age", "income", "sex", "email", "id", "tenure"], suite.Columns.Select(c => c.Name));
        var age = suite.Columns[0];
        Assert.Equal(ColumnKind.Numeric, age.Type);
        Assert.True(age.NotNull);
        Assert.Equal(new ValueRange(0, 120), age.Range);
        Assert.Equal(0.05, suite.Columns[1].MaxMissing);
        Assert.Equal(new DistributionExpectation(0.2, null), suite.Columns[1].Distribution);
        Assert.Equal(["male", "female"], suite.Columns[2].Allowed!);
        Assert.Equal("^[^@]+@[^@]+$", suite.Columns[3].Regex);
        Assert.True(suite.Columns[4].Unique);
        Assert.True(suite.Columns[5].Exists);
        Assert.Equal(new DistributionExpectation(null, 0.01), suite.Columns[5].Distribution);
        Assert.Equal("age >= years_employed + 14", Assert.Single(suite.Rules).Text);
    }

    [Fact]
    public void Parse_open_range_bounds_are_null() =>
        Assert.Equal(new ValueRange(null, 5), ExpectationSuiteLoader.Parse("columns: { a: { range: [~, 5] } }", "s.yaml").Columns[0].Range);

    [Fact]
    public void Parse_empty_text_is_an_empty_suite() =>
        Assert.Equal(new ExpectationSuite(), ExpectationSuiteLoader.Parse("", "s.yaml"));

    [Fact]
    public void Load_missing_file_names_it()
    {
        var e = Assert.Throws<MLCycleException>(() => ExpectationSuiteLoader.Load("/nonexistent/suite.yaml"));
        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("/nonexistent/suite.yaml", e.Message);
    }

    [Fact]
    public void Parse_broken_yaml_gives_its_line() =>
        Assert.Contains("line 3", Fails("columns:\n  age: { not_null: true }\n  sex: { allowed: [a, b }\n").Message);

    [Fact]
    public void Parse_unknown_top_key_suggests_the_closest() =>
        Assert.Contains("line 2, 'colums': unknown key 'colums' at the top level; did you mean 'columns'?",
            Fails("row_count: { min: 1 }\ncolums: {}\n").Message);

    [Fact]
    public void Parse_unknown_column_key_names_its_path_and_line() =>
        Assert.Contains("line 3, 'columns.sex.alowed': unknown key 'alowed' in 'columns.sex'; did you mean 'allowed'?",
            Fails("columns:\n  age: { not_null: true }\n  sex: { alowed: [a] }\n").Message);

    [Theory]
    [InlineData("columns:\n  age: { not_null: maybe }\n", "line 2, 'columns.age.not_null': expected true or false, found 'maybe'")]
    [InlineData("columns:\n  age: { type: number }\n", "line 2, 'columns.age.type': expected one of numeric, categorical")]
    [InlineData("columns:\n  age: { max_missing: 1.5 }\n", "line 2, 'columns.age.max_missing': expected a share from 0 to 1")]
    [InlineData("columns:\n  age: { range: 5 }\n", "line 2, 'columns.age.range': expected [min, max]")]
    [InlineData("columns:\n  age: { range: [1, 2, 3] }\n", "line 2, 'columns.age.range': expected [min, max]")]
    [InlineData("columns:\n  age: { range: [0, old] }\n", "line 2, 'columns.age.range[1]': expected a number or null, found 'old'")]
    [InlineData("columns:\n  age: { range: [10, 0] }\n", "line 2, 'columns.age.range': expected min (10) to be at most max (0)")]
    [InlineData("columns:\n  age: { allowed: male }\n", "line 2, 'columns.age.allowed': expected a list")]
    [InlineData("columns:\n  age: { allowed: [] }\n", "line 2, 'columns.age.allowed': expected at least one")]
    [InlineData("columns:\n  age: { distribution: { psi: 0 } }\n", "line 2, 'columns.age.distribution.psi': expected a PSI bound above 0")]
    [InlineData("columns:\n  age: { distribution: { ks_p: 2 } }\n", "line 2, 'columns.age.distribution.ks_p': expected a p-value bound")]
    [InlineData("columns:\n  age: { distribution: { kp: 2 } }\n", "line 2, 'columns.age.distribution.kp': unknown key")]
    [InlineData("columns:\n  age:\n", "'columns.age': expected a mapping of expectations")]
    [InlineData("columns: [age]\n", "line 1, 'columns': expected a mapping")]
    [InlineData("row_count: { min: -1 }\n", "line 1, 'row_count.min': expected a whole number of rows")]
    [InlineData("row_count: { min: 10, max: 5 }\n", "'row_count.max': expected max (5) to be at least min (10)")]
    [InlineData("row_count: {}\n", "'row_count': expected 'min' and/or 'max'")]
    [InlineData("rules: \"a > 1\"\n", "line 1, 'rules': expected a list of rules")]
    [InlineData("rules:\n  - [a]\n", "line 2, 'rules[0]': expected a rule written as text")]
    [InlineData("- a\n", "line 1: expected a mapping")]
    public void Parse_wrong_values_name_key_line_and_expectation(string yaml, string message) =>
        Assert.Contains(message, Fails(yaml).Message);

    [Fact]
    public void Parse_rule_injection_is_refused_with_its_line()
    {
        var e = Fails("columns: { age: { not_null: true } }\nrules:\n  - \"age >= 18\"\n  - \"age >= 1; DROP TABLE x\"\n");
        Assert.Contains("line 4, 'rules[1]'", e.Message);
        Assert.Contains("unexpected character ';' at position 9", e.Message);
    }
}
