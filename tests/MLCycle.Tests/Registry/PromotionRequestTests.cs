using MLCycle.Registry;

namespace MLCycle.Tests.Registry;

public sealed class PromotionRequestTests
{
    [Theory]
    [InlineData("30m", 0.5)]
    [InlineData("12h", 12)]
    [InlineData(" 7D ", 168)]
    public void ParseExpiry_wholeNumberWithUnit_isThatManyHours(string text, double hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), PromotionRequest.ParseExpiry(text));

    [Theory]
    [InlineData("7")]
    [InlineData("0d")]
    [InlineData("-1h")]
    [InlineData("1w")]
    public void ParseExpiry_otherText_isBadSpecQuotingIt(string text)
    {
        var error = Assert.Throws<MLCycleException>(() => PromotionRequest.ParseExpiry(text));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains($"'{text}'", error.Message);
    }
}
