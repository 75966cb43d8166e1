using MLCycle.Profiling.Scanning;

namespace MLCycle.Tests.Profiling.Scanning;

public sealed class SortedSampleTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1001)]
    [InlineData(1000)]
    public void MedianAbsoluteDeviation_equals_the_median_of_sorted_deviations(int count)
    {
        var random = new Random(count);
        var values = Enumerable.Range(0, count).Select(_ => random.Next(10) == 0 ? double.NaN : Math.Round(random.NextDouble() * 50, 1)).ToArray();
        var sorted = new SortedSample(values);
        if (sorted.Values.Length == 0) return;

        foreach (var centre in new[] { sorted.Quantile(0.5), 7.0, -3.0, 60.0 })
        {
            var deviations = sorted.Values.Select(v => Math.Abs(v - centre)).Order().ToArray();
            var h = (deviations.Length - 1) * 0.5;
            var expected = deviations[(int)Math.Floor(h)] + (h - Math.Floor(h)) * (deviations[(int)Math.Ceiling(h)] - deviations[(int)Math.Floor(h)]);
            Assert.Equal(expected, sorted.MedianAbsoluteDeviation(centre), 12);
        }
    }

    [Fact]
    public void Ranks_share_the_average_rank_among_ties_and_leave_missing_values_out()
    {
        var ranks = new SortedSample([30, double.NaN, 10, 20, 20, 10, 40]).Ranks();

        Assert.Equal([5, double.NaN, 1.5, 3.5, 3.5, 1.5, 6], ranks);
    }
}
