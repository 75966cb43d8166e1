using MLCycle.Profiling.Scanning;

namespace MLCycle.Tests.Profiling.Scanning;

public sealed class HyperLogLogTests
{
    [Fact]
    public void Estimate_fewerAddsThanABatch_countsThePendingOnes()
    {
        var sketch = new HyperLogLog();
        for (var i = 0; i < 500; i++) sketch.Add(HyperLogLog.Hash((double)i));

        Assert.InRange(sketch.Estimate(), 490, 510);   // the small-range correction is close to exact this far under 16,384 registers
    }

    [Fact]
    public void Estimate_sameValuesInAnotherOrderAndReadsBetween_isTheSame()
    {
        var values = Enumerable.Range(0, 10_000).Select(i => HyperLogLog.Hash(i * 0.5)).ToArray();
        var forward = new HyperLogLog();
        foreach (var hash in values) forward.Add(hash);
        var backward = new HyperLogLog();
        for (var i = values.Length - 1; i >= 0; i--)
        {
            backward.Add(values[i]);
            if (i % 777 == 0) backward.Estimate();   // an estimate applies a partial batch; later adds must still count
        }

        Assert.Equal(forward.Estimate(), backward.Estimate());
        Assert.InRange(forward.Estimate(), 9_700, 10_300);
    }

    [Fact]
    public void Merge_twoHalvesWithPendingAdds_equalsOneSketchOfAll()
    {
        var whole = new HyperLogLog();
        var (left, right) = (new HyperLogLog(), new HyperLogLog());
        for (var i = 0; i < 50_001; i++)
        {
            var hash = HyperLogLog.Hash(i * 1.25);
            whole.Add(hash);
            (i % 3 == 0 ? left : right).Add(hash);
        }

        left.Merge(right);

        Assert.Equal(whole.Estimate(), left.Estimate());
        Assert.InRange(left.Estimate(), 48_500, 51_500);
    }
}
