using MLCycle.Training;

namespace MLCycle.Tests.Training;

public sealed class WideFeatureRuleTests
{
    [Theory]
    [InlineData(1, 1.0, 255, false)]
    [InlineData(WideFeatureRule.Threshold, 1.0, 255, false)]
    [InlineData(2_000, 1.0, WideFeatureRule.WideBins, true)]
    [InlineData(100_000, 1.0, WideFeatureRule.WideBins, true)]
    public void FeatureFraction_by_width_screens_and_cuts_bins_only_above_the_threshold(int inputs, double fraction, int bins, bool screens)
    {
        Assert.Equal(fraction, WideFeatureRule.FeatureFraction(inputs), 12);
        Assert.Equal(bins, WideFeatureRule.MaximumBins(inputs));
        Assert.Equal(screens, WideFeatureRule.Screens(inputs));
    }

    [Fact]
    public void Describe_narrow_data_is_null_and_wide_data_names_fraction_bins_screen_and_width()
    {
        Assert.Null(WideFeatureRule.Describe(WideFeatureRule.Threshold));
        Assert.Null(WideFeatureRule.DescribeScreen(WideFeatureRule.Threshold));
        Assert.Equal("1, 63 bins (2000 input columns > 500; lightgbm, fasttree)", WideFeatureRule.Describe(2_000));
        Assert.Equal("200 features by mutual information with the label, chosen on each training part (2000 input columns > 500; every learner)",
            WideFeatureRule.DescribeScreen(2_000));
    }
}
