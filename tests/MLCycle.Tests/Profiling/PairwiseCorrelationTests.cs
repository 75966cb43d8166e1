using MLCycle.Profiling;

namespace MLCycle.Tests.Profiling;

public sealed class PairwiseCorrelationTests
{
    [Fact]
    public void All_matches_a_two_pass_pearson_over_rows_where_both_are_present()
    {
        var random = new Random(7);
        var columns = Enumerable.Range(0, 7).Select(c => Enumerable.Range(0, 25_003)
            .Select(r => random.Next(20) == 0 ? double.NaN : 1000 + c * r * 0.001 + random.NextDouble() * (c + 1)).ToArray()).ToList();

        var r = PairwiseCorrelation.All(columns);

        for (var a = 0; a < columns.Count; a++)
            for (var b = a + 1; b < columns.Count; b++)
            {
                Assert.Equal(TwoPass(columns[a], columns[b]), r[a, b], 10);
                Assert.Equal(r[a, b], r[b, a]);
            }
    }

    [Fact]
    public void All_is_NaN_for_a_column_without_spread_where_it_pairs()
    {
        double[] x = [1, 2, 3, 4], flat = [5, 5, 5, 5], few = [1, double.NaN, double.NaN, double.NaN];

        var r = PairwiseCorrelation.All([x, flat, few]);

        Assert.True(double.IsNaN(r[0, 1]));
        Assert.True(double.IsNaN(r[0, 2]));
    }

    [Fact]
    public void All_of_a_perfect_line_is_one_and_of_its_mirror_minus_one()
    {
        double[] x = [1, 2, 3, 4, 5], up = [3, 5, 7, 9, 11], down = [10, 8, 6, 4, 2];

        var r = PairwiseCorrelation.All([x, up, down]);

        Assert.Equal(1, r[0, 1], 12);
        Assert.Equal(-1, r[0, 2], 12);
    }

    private static double TwoPass(double[] x, double[] y)
    {
        var both = Enumerable.Range(0, x.Length).Where(i => !double.IsNaN(x[i]) && !double.IsNaN(y[i])).ToList();
        var (mx, my) = (both.Average(i => x[i]), both.Average(i => y[i]));
        var sxy = both.Sum(i => (x[i] - mx) * (y[i] - my));
        return sxy / Math.Sqrt(both.Sum(i => (x[i] - mx) * (x[i] - mx)) * both.Sum(i => (y[i] - my) * (y[i] - my)));
    }
}
