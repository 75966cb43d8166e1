using MLCycle.Tracking.Search;

namespace MLCycle.Tests.Tracking.Search;

/// <summary>The filter language's parser: what it accepts, and errors that name the position, the expectation and what was found.</summary>
public sealed class RunFilterTests
{
    [Fact]
    public void Parse_threeConditions_readsFieldsOperatorsAndValues()
    {
        var filter = RunFilter.Parse("metrics.auc > 0.8 and params.algorithm = 'lightgbm' AND tags.team != 'risk'");

        Assert.Equal(
            [
                new RunCondition(new RunField(SearchEntity.Metric, "auc"), SearchOperator.Greater, 0.8, null, 1),
                new RunCondition(new RunField(SearchEntity.Param, "algorithm"), SearchOperator.Equal, null, "lightgbm", 23),
                new RunCondition(new RunField(SearchEntity.Tag, "team"), SearchOperator.NotEqual, null, "risk", 57),
            ],
            filter.Conditions);
    }

    [Theory]
    [InlineData("metrics.`val auc` >= -1e-3", "val auc", -1e-3)]
    [InlineData("metrics.\"f1 \"\"macro\"\"\"<=.5", "f1 \"macro\"", 0.5)]
    [InlineData("metric.cv_mean.auc < +2", "cv_mean.auc", 2)]
    public void Parse_quotedAndDottedKeys_keepTheKeyExactly(string text, string key, double value)
    {
        var condition = Assert.Single(RunFilter.Parse(text).Conditions);

        Assert.Equal(new RunField(SearchEntity.Metric, key), condition.Field);
        Assert.Equal(value, condition.Number);
    }

    [Fact]
    public void Parse_doubledSingleQuote_isOneQuoteInTheValue()
    {
        var condition = Assert.Single(RunFilter.Parse("params.note = 'it''s; DROP TABLE runs; --'").Conditions);

        Assert.Equal("it's; DROP TABLE runs; --", condition.Text);
    }

    [Fact]
    public void Parse_statusAttribute_isCanonicalisedAndOtherNamesMapped()
    {
        var conditions = RunFilter.Parse("attributes.status = 'FINISHED' and attribute.run_name like 'base%' and run.id = 'ab12'").Conditions;

        Assert.Equal("Finished", conditions[0].Text);
        Assert.Equal(new RunField(SearchEntity.Attribute, "name"), conditions[1].Field);
        Assert.Equal(SearchOperator.Like, conditions[1].Operator);
        Assert.Equal(new RunField(SearchEntity.Attribute, "run_id"), conditions[2].Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Parse_blank_hasNoConditions(string? text) => Assert.Empty(RunFilter.Parse(text).Conditions);

    [Theory]
    [InlineData("metrics.auc > 0 or 1=1", 17, "'and' or the end", "'or'")]
    [InlineData("metrics.auc > 0; DELETE FROM runs", 16, "'and' or the end", "';'")]
    [InlineData("metrics.auc > '0.8'", 15, "a number after metrics.auc", "the string '0.8'")]
    [InlineData("params.trees = 100", 16, "a string in single quotes after params.trees", "the number 100")]
    [InlineData("params.algorithm = 'lightgbm", 20, "a closing ' for the string opened at position 20", "the end of the filter")]
    [InlineData("metrics.auc like 'a%'", 13, "one of =, !=, <, <=, >, >=", "'like'")]
    [InlineData("params.trees > '5'", 14, "one of =, !=, like, ilike", "'>'")]
    [InlineData("metrics.auc >", 14, "a value", "the end of the filter")]
    [InlineData("metric auc > 1", 7, "'.' and a key after 'metric'", "' '")]
    [InlineData("models.auc > 1", 1, "metrics, params, tags or attributes", "'models'")]
    [InlineData("attributes.owner = 'me'", 12, "one of the attributes status, name", "'owner'")]
    [InlineData("attributes.status = 'Done'", 21, "a run status: Running, Finished, Failed, Killed", "'Done'")]
    [InlineData("metrics.auc > 0.8 and", 22, "a field such as metrics.auc", "the end of the filter")]
    [InlineData("metrics.auc > 1.2.3", 15, "a number such as", "'1.2.3'")]
    [InlineData("metrics.auc ~ 1", 13, "an operator", "'~'")]
    [InlineData("metrics.`auc > 1", 9, "a closing ` for the key", "the end of the filter")]
    public void Parse_badFilter_namesPositionExpectedAndFound(string text, int position, string expected, string found)
    {
        var error = Assert.Throws<MLCycleException>(() => RunFilter.Parse(text));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains($"at position {position}:", error.Message);
        Assert.Contains($"expected {expected}", error.Message);
        Assert.Contains($"found {found}", error.Message);
    }

    [Fact]
    public void Parse_tooLong_isRefusedWithItsLength()
    {
        var error = Assert.Throws<MLCycleException>(() => RunFilter.Parse(string.Join(" and ", Enumerable.Repeat("metrics.auc > 0.5", 700))));

        Assert.Contains("at most 10000", error.Message);
    }

    [Theory]
    [InlineData("metrics.auc DESC", SearchEntity.Metric, "auc", true)]
    [InlineData("  attributes.start_time  ", SearchEntity.Attribute, "start_time", false)]
    [InlineData("params.`n trees` asc", SearchEntity.Param, "n trees", false)]
    public void RunOrderParse_keys_readFieldAndDirection(string text, SearchEntity entity, string key, bool descending)
    {
        var order = Assert.Single(RunOrder.Parse([text]));

        Assert.Equal(new RunOrder(new RunField(entity, key), descending), order);
    }

    [Fact]
    public void RunOrderParse_badDirection_namesPosition()
    {
        var error = Assert.Throws<MLCycleException>(() => RunOrder.Parse(["metrics.auc DOWN"]));

        Assert.Contains("Bad order_by key at position 13: expected ASC, DESC or the end of the order_by key, found 'DOWN'", error.Message);
    }
}
