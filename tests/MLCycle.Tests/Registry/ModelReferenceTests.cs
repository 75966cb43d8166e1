using MLCycle.Registry;

namespace MLCycle.Tests.Registry;

public sealed class ModelReferenceTests
{
    [Fact]
    public void Parse_bareName_hasNoAliasNorVersion()
    {
        var reference = ModelReference.Parse("churn");

        Assert.Equal(("churn", (string?)null, (int?)null), (reference.Name, reference.Alias, reference.Version));
    }

    [Fact]
    public void Parse_nameAtAlias_hasAlias()
    {
        var reference = ModelReference.Parse("churn@champion");

        Assert.Equal(("churn", "champion", (int?)null), (reference.Name, reference.Alias, reference.Version));
    }

    [Fact]
    public void Parse_nameColonVersion_hasVersion()
    {
        var reference = ModelReference.Parse("churn-v2.model:12");

        Assert.Equal(("churn-v2.model", (string?)null, (int?)12), (reference.Name, reference.Alias, reference.Version));
    }

    [Theory]
    [InlineData("churn")]
    [InlineData("churn@challenger")]
    [InlineData("churn:3")]
    public void ToString_parsedReference_roundTrips(string text) => Assert.Equal(text, ModelReference.Parse(text).ToString());

    [Theory]
    [InlineData("", "model name")]
    [InlineData("churn@", "alias")]
    [InlineData("@champion", "model name")]
    [InlineData("churn:", "version")]
    [InlineData("churn:0", "'0'")]
    [InlineData("churn:x", "'x'")]
    [InlineData("churn:-1", "'-1'")]
    [InlineData("churn@a:1", "both")]
    [InlineData("churn@a@b", "alias")]
    [InlineData("chu rn", "model name")]
    [InlineData("../etc", "model name")]
    [InlineData("churn@1st", "alias")]
    public void Parse_malformedText_throwsNamingTheProblem(string text, string expected)
    {
        var error = Assert.Throws<MLCycleException>(() => ModelReference.Parse(text));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains(expected, error.Message);
    }
}
