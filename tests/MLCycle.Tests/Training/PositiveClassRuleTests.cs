using MLCycle.Training;

namespace MLCycle.Tests.Training;

public class PositiveClassRuleTests
{
    private static Dictionary<string, long> Counts(string a, long ca, string b, long cb) => new() { [a] = ca, [b] = cb };

    [Theory]
    [InlineData("Yes", "No")]
    [InlineData("true", "false")]
    [InlineData("1", "0")]
    [InlineData("bad", "good")]
    [InlineData("pos", "neg")]
    public void Order_puts_the_conventional_positive_second(string positive, string negative)
    {
        // The conventional positive wins even when it is the majority.
        Assert.Equal([negative, positive], PositiveClassRule.Order(Counts(positive, 90, negative, 10), null));
    }

    [Fact]
    public void Order_without_a_convention_picks_the_minority()
    {
        Assert.Equal(["cat", "dog"], PositiveClassRule.Order(Counts("cat", 70, "dog", 30), null));
    }

    [Fact]
    public void Order_honours_the_requested_class()
    {
        Assert.Equal(["Yes", "No"], PositiveClassRule.Order(Counts("Yes", 1, "No", 9), "No"));
    }

    [Fact]
    public void Order_with_an_unknown_requested_class_is_a_spec_error()
    {
        var error = Assert.Throws<MLCycleException>(() => PositiveClassRule.Order(Counts("Yes", 1, "No", 9), "Maybe"));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("'Maybe'", error.Message);
    }
}
