using MLCycle.Validation;

namespace MLCycle.Tests.Validation;

public sealed class CrossColumnRuleTests
{
    private static string Sql(string rule) => CrossColumnRule.Parse(rule).Root.ToSql(name => $"[{name}]");

    [Fact]
    public void Parse_arithmetic_comparison_becomes_parenthesised_sql_with_columns_from_the_resolver() =>
        Assert.Equal("([age] >= ([years_employed] + CAST('14' AS DOUBLE)))", Sql("age >= years_employed + 14"));

    [Fact]
    public void Parse_respects_precedence_and_parentheses() =>
        Assert.Equal("((([a] + ([b] * [c])) > CAST('1' AS DOUBLE)) OR (([a] = [b]) AND ([c] <> (-[d]))))",
            Sql("a + b * c > 1 or a == b and c != -d"));

    [Fact]
    public void Parse_backticks_name_any_column() =>
        Assert.Equal("([my col] <= CAST('2.5' AS DOUBLE))", Sql("`my col` <= 2.5"));

    [Fact]
    public void Parse_lists_the_columns_read_once_each() =>
        Assert.Equal(["age", "years_employed"], CrossColumnRule.Parse("age >= years_employed and age < 120 - years_employed").Columns);

    [Theory]
    [InlineData("age >= 1; DROP TABLE x", "';'")]
    [InlineData("age >= 1 OR '1'='1'", "'''")]
    [InlineData("\"age\" >= 1", "'\"'")]
    [InlineData("age >= (SELECT 1)", "'1'")]
    [InlineData("age >= 1 /* x */", "'*'")]
    [InlineData("age >= 1) or (1 == 1", "')'")]
    [InlineData("age = 1", "'='")]
    public void Parse_injection_attempts_are_refused(string rule, string named)
    {
        var e = Assert.Throws<MLCycleException>(() => CrossColumnRule.Parse(rule));
        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains(named, e.Message);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("age + 1", "states no condition")]
    [InlineData("age > 1 + (b < 2)", "works on numbers")]
    [InlineData("age and b > 1", "joins conditions")]
    [InlineData("0 < age < 120", "cannot be chained")]
    [InlineData("(age > 1", "')' to close")]
    [InlineData("age > 1e", "'e'")]
    [InlineData("age > 1.2.3", "'1.2.3'")]
    [InlineData("`age > 1", "never closed")]
    public void Parse_malformed_rules_say_what_is_wrong(string rule, string reason)
    {
        var e = Assert.Throws<MLCycleException>(() => CrossColumnRule.Parse(rule));
        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Parse_sql_comment_marker_is_two_minus_signs_and_a_column()
    {
        // '-- comment' reads as minus minus comment; the column 'comment' must exist, and the SQL holds no '--'.
        var rule = CrossColumnRule.Parse("age >= 1 -- comment");
        Assert.Equal(["age", "comment"], rule.Columns);
        Assert.Equal("([age] >= (CAST('1' AS DOUBLE) - (-[comment])))", rule.Root.ToSql(n => $"[{n}]"));
    }

    [Fact]
    public void Parse_column_names_with_quotes_never_reach_sql_as_text()
    {
        // The validator resolves names to its own aliases, so even a quote inside backticks is only a lookup key.
        var rule = CrossColumnRule.Parse("`a\"; DROP TABLE x; --` > 1");
        Assert.Equal(["a\"; DROP TABLE x; --"], rule.Columns);
        Assert.Equal("(c0 > CAST('1' AS DOUBLE))", rule.Root.ToSql(_ => "c0"));
    }
}
