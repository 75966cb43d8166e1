using MLCycle.Profiling.Drift;

namespace MLCycle.Tests.Monitoring;

public sealed class PercentileCdfTests
{
    [Fact]
    public void At_interpolates_linearly_between_percentiles()
    {
        var cdf = new PercentileCdf(DriftFixtures.UniformPercentiles());

        Assert.Equal(0, cdf.At(-1));
        Assert.Equal(0.255, cdf.At(25.5), 12);
        Assert.Equal(1, cdf.At(100));
        Assert.Equal(cdf.At(42.25), cdf.Below(42.25), 12);
    }

    [Fact]
    public void At_and_below_differ_by_the_mass_of_a_tied_value()
    {
        // 30% of values are exactly 5: percentiles 40..70 are tied at 5.
        var p = Enumerable.Range(0, 101).Select(i => i < 40 ? i / 8.0 : i <= 70 ? 5.0 : 5 + (i - 70) / 6.0).ToArray();
        var cdf = new PercentileCdf(p);

        Assert.Equal(0.40, cdf.Below(5), 12);
        Assert.Equal(0.70, cdf.At(5), 12);
        Assert.Equal([p[10], p[20], p[30], 5.0, p[80], p[90]], cdf.InnerDecileEdges());
    }

    [Fact]
    public void Ctor_refuses_a_wrong_number_of_percentiles()
    {
        Assert.Throws<ArgumentException>(() => new PercentileCdf([1.0, 2.0]));
    }
}
