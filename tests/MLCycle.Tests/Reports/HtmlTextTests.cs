using MLCycle.Reports;

namespace MLCycle.Tests.Reports;

public sealed class HtmlTextTests
{
    [Theory]
    [InlineData(-1e-17, "0")]
    [InlineData(-0.0, "0")]
    [InlineData(-0.00004, "0")]
    [InlineData(-0.00006, "-0.0001")]
    [InlineData(0.92164, "0.9216")]
    [InlineData(21915.812, "21,915.8")]
    public void Number_nearZeroNegatives_showAsZero(double value, string expected)
    {
        Assert.Equal(expected, HtmlText.Number(value));
    }
}
