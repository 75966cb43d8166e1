using MLCycle.Statistics;

namespace MLCycle.Tests.Monitoring;

public sealed class StatisticalDistributionTests
{
    [Theory]
    [InlineData(3.841458820694124, 1, 0.95)]
    [InlineData(6.634896601021214, 1, 0.99)]
    [InlineData(5.991464547107979, 2, 0.95)]
    [InlineData(11.070497693516351, 5, 0.95)]
    [InlineData(18.307038053275146, 10, 0.95)]
    public void ChiSquared_cdf_matches_tabled_critical_values(double x, double df, double expected)
    {
        Assert.Equal(expected, ChiSquaredDistribution.Cdf(x, df), 9);
        Assert.Equal(1 - expected, ChiSquaredDistribution.Survival(x, df), 9);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2)]
    [InlineData(7.3)]
    [InlineData(40)]
    public void ChiSquared_survival_with_even_degrees_matches_closed_form(double x)
    {
        // df = 2: exp(-x/2); df = 4: exp(-x/2) (1 + x/2).
        Assert.Equal(Math.Exp(-x / 2), ChiSquaredDistribution.Survival(x, 2), 12);
        Assert.Equal(Math.Exp(-x / 2) * (1 + x / 2), ChiSquaredDistribution.Survival(x, 4), 12);
    }

    [Fact]
    public void ChiSquared_at_zero_and_far_tail_stays_in_unit_interval()
    {
        Assert.Equal(0, ChiSquaredDistribution.Cdf(0, 3));
        Assert.Equal(1, ChiSquaredDistribution.Survival(0, 3));
        var tail = ChiSquaredDistribution.Survival(5000, 3);
        Assert.InRange(tail, 0, 1e-300);
    }

    [Theory]
    [InlineData(0.8275735551899077, 0.5)]
    [InlineData(1.2238478702170825, 0.10)]
    [InlineData(1.3580986393225505, 0.05)]
    [InlineData(1.6276236115189504, 0.01)]
    public void Kolmogorov_survival_matches_tabled_critical_values(double lambda, double expected)
    {
        Assert.Equal(expected, KolmogorovDistribution.Survival(lambda), 7);
    }

    [Fact]
    public void Kolmogorov_survival_is_continuous_where_the_series_switch()
    {
        Assert.Equal(KolmogorovDistribution.Survival(1.18 - 1e-9), KolmogorovDistribution.Survival(1.18), 8);
        Assert.Equal(1, KolmogorovDistribution.Survival(0));
        Assert.Equal(1, KolmogorovDistribution.Survival(0.1), 12);
    }

    [Fact]
    public void Psi_of_two_buckets_matches_hand_computation()
    {
        var psi = PopulationStabilityIndex.Compute([0.5, 0.5], [0.6, 0.4]);

        Assert.Equal(0.1 * Math.Log(1.2) - 0.1 * Math.Log(0.8), psi, 12);
    }

    [Fact]
    public void Psi_empty_bucket_uses_epsilon()
    {
        var psi = PopulationStabilityIndex.Compute([1.0, 0.0], [0.5, 0.5]);

        var e = PopulationStabilityIndex.Epsilon;
        Assert.Equal((0.5 - 1) * Math.Log(0.5) + (0.5 - e) * Math.Log(0.5 / e), psi, 12);
    }
}
