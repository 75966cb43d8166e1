using MLCycle.Profiling.Scanning;

namespace MLCycle.Tests.Profiling.Scanning;

public sealed class RadixSortTests
{
    [Fact]
    public void Sort_orders_like_a_comparison_sort_and_carries_each_index_with_its_value()
    {
        var random = new Random(5);
        double[] special = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue];
        var values = Enumerable.Range(0, 50_000)
            .Select(i => i < special.Length ? special[i] : random.Next(4) switch
            {
                0 => Math.Round(random.NextDouble() * 100, 1),   // many ties
                1 => -random.NextDouble() * 1e6,
                2 => random.NextDouble() * 1e-300,
                _ => (random.NextDouble() - 0.5) * 1e12,
            }).ToArray();
        var sorted = values.ToArray();
        var items = Enumerable.Range(0, values.Length).ToArray();

        RadixSort.Sort(sorted, items);

        Assert.Equal(values.Order().ToArray(), sorted);
        for (var i = 0; i < sorted.Length; i++) Assert.Equal(BitConverter.DoubleToInt64Bits(values[items[i]]), BitConverter.DoubleToInt64Bits(sorted[i]));
        Assert.Equal(values.Length, items.Distinct().Count());
    }

    [Fact]
    public void Sort_of_equal_values_keeps_them_and_their_indexes()
    {
        double[] values = [3, 3, 3];
        int[] items = [2, 0, 1];

        RadixSort.Sort(values, items);

        Assert.Equal([3, 3, 3], values);
        Assert.Equal([2, 0, 1], items);
    }
}
