using MLCycle.Training;

namespace MLCycle.Tests.Training;

public sealed class WideFeatureRuleTests
{
    [Theory]
    [InlineData(1, 1.0, 255)]
    [InlineData(WideFeatureRule.Threshold, 1.0, 255)]
    [InlineData(2_000, 0.25, WideFeatureRule.WideBins)]
    [InlineData(100_000, WideFeatureRule.MinimumFraction, WideFeatureRule.WideBins)]
    public void FeatureFraction_by_width_samples_only_above_the_threshold(int inputs, double fraction, int bins)
    {
        Assert.Equal(fraction, WideFeatureRule.FeatureFraction(inputs), 12);
        Assert.Equal(bins, WideFeatureRule.MaximumBins(inputs));
    }

    [Fact]
    public void Describe_narrow_data_is_null_and_wide_data_names_fraction_bins_and_width()
    {
        Assert.Null(WideFeatureRule.Describe(WideFeatureRule.Threshold));
        Assert.Equal("0.25, 63 bins (2000 input columns > 500; lightgbm, fasttree)", WideFeatureRule.Describe(2_000));
    }
}
