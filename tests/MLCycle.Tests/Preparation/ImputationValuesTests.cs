using MLCycle.Preparation;

namespace MLCycle.Tests.Preparation;

public class ImputationValuesTests
{
    private static readonly FeatureRow[] Rows = new[] { 1f, 2f, 2f, float.NaN, 7f }.Select(v => new FeatureRow { Numeric = [v, float.NaN] }).ToArray();

    [Theory]
    [InlineData(MissingStrategy.Mean, 3f)]
    [InlineData(MissingStrategy.Auto, 3f)]
    [InlineData(MissingStrategy.Median, 2f)]
    [InlineData(MissingStrategy.MostFrequent, 2f)]
    public void Compute_ignores_missing_and_uses_the_strategy(MissingStrategy strategy, float expected)
    {
        var values = ImputationValues.Compute(Rows, 2, strategy);

        Assert.Equal(expected, values[0]);
        Assert.Equal(0f, values[1]); // a slot with no values at all falls back to 0
    }

    [Fact]
    public void Compute_median_of_even_count_averages_the_middle_pair()
    {
        var rows = new[] { 4f, 1f, 3f, 10f }.Select(v => new FeatureRow { Numeric = [v] }).ToArray();

        Assert.Equal(3.5f, ImputationValues.Compute(rows, 1, MissingStrategy.Median)[0]);
    }
}
