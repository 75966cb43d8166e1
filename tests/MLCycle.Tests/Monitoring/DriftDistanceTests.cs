using MLCycle.Profiling.Drift;
using MLCycle.Statistics;
using static MLCycle.Tests.Monitoring.DriftFixtures;

namespace MLCycle.Tests.Monitoring;

public sealed class DriftDistanceTests
{
    [Fact]
    public void JensenShannon_equal_shares_is_zero_and_disjoint_is_sqrt_ln2()
    {
        Assert.Equal(0, JensenShannon.Distance([0.2, 0.3, 0.5], [2, 3, 5]), 12);
        Assert.Equal(Math.Sqrt(Math.Log(2)), JensenShannon.Distance([1, 0], [0, 1]), 12);
    }

    [Fact]
    public void JensenShannon_matches_scipy_on_a_hand_case()
    {
        // scipy.spatial.distance.jensenshannon([0.5, 0.5], [1, 0]) = 0.46450140402245893
        Assert.Equal(0.46450140402245893, JensenShannon.Distance([0.5, 0.5], [1, 0]), 12);
    }

    [Fact]
    public void BenjaminiHochberg_matches_the_step_up_rule_and_skips_missing_tests()
    {
        // Sorted 0.005, 0.01, 0.03, 0.04 with m = 4: 0.02, 0.02, 0.04, 0.04 after the running minimum from the top.
        var adjusted = BenjaminiHochberg.Adjust([0.01, null, 0.04, 0.03, 0.005]);

        Assert.Null(adjusted[1]);
        Assert.Equal([0.02, 0.04, 0.04, 0.02], adjusted.Where(p => p is not null).Select(p => Math.Round(p!.Value, 12)));
    }

    [Fact]
    public void BenjaminiHochberg_never_goes_above_the_largest_p()
    {
        // 0.6·3 and 0.7·3/2 exceed 1; the running minimum from the top keeps every value at 0.8.
        Assert.All(BenjaminiHochberg.Adjust([0.6, 0.7, 0.8]), p => Assert.Equal(0.8, p!.Value, 12));
    }

    [Fact]
    public void Wasserstein_of_a_point_mass_against_a_uniform_is_its_mean_distance()
    {
        // Reference uniform on [0, 100]; every current value at 50: ∫₀¹ |50 − 100u| du = 25.
        var cdf = new PercentileCdf(UniformPercentiles());

        Assert.Equal(25, WassersteinDistance.Compute([50.0], cdf), 9);
    }

    [Fact]
    public void Wasserstein_of_a_shifted_grid_is_the_shift()
    {
        var cdf = new PercentileCdf(UniformPercentiles());
        var shifted = Enumerable.Range(0, 100).Select(i => i + 0.5 + 10).ToArray();
        var same = Enumerable.Range(0, 1000).Select(i => i / 10.0 + 0.05).ToArray();

        Assert.Equal(10, WassersteinDistance.Compute(shifted, cdf), 9);
        Assert.InRange(WassersteinDistance.Compute(same, cdf), 0, 0.03);
    }
}
