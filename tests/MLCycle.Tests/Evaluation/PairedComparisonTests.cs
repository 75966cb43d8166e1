using MLCycle.Evaluation;
using MLCycle.Metrics;

namespace MLCycle.Tests.Evaluation;

public sealed class PairedComparisonTests
{
    public static TheoryData<string> CaseNames() => ScorePlotsTests.CaseNames();

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void DeLong_referenceCase_equalsPythonReference(string name)
    {
        var c = ScorePlotsTests.Cases.Value.Single(x => x.GetProperty("name").GetString() == name);
        var (actual, a, b) = ScorePlotsTests.Read(c);
        var expected = c.GetProperty("delong");

        var result = PairedComparison.DeLong(actual, a, b);

        Assert.Equal(expected.GetProperty("auc_a").GetDouble(), result.Challenger, 12);
        Assert.Equal(expected.GetProperty("auc_b").GetDouble(), result.Champion, 12);
        Assert.Equal(expected.GetProperty("difference").GetDouble(), result.Difference, 12);
        Assert.Equal(expected.GetProperty("lower").GetDouble(), result.Lower, 9);
        Assert.Equal(expected.GetProperty("upper").GetDouble(), result.Upper, 9);
        Assert.Equal(expected.GetProperty("p").GetDouble(), result.PValue, 9);
    }

    [Fact]
    public void DeLong_sameScores_isNotSignificant()
    {
        var (actual, a, _) = ScorePlotsTests.Read(ScorePlotsTests.Cases.Value[0]);

        var result = PairedComparison.DeLong(actual, a, a);

        Assert.Equal(0, result.Difference);
        Assert.Equal(1, result.PValue);
        Assert.False(result.SignificantlyBetter(higherIsBetter: true));
    }

    [Fact]
    public void DeLong_perfectAgainstNoisyModel_isSignificantlyBetter()
    {
        var random = new Random(7);
        var actual = Enumerable.Range(0, 300).Select(i => i % 2 == 0).ToArray();
        var perfect = actual.Select(y => y ? 0.6 + random.NextDouble() * 0.4 : random.NextDouble() * 0.4).ToArray();
        var noisy = actual.Select(y => (y ? 0.15 : 0) + random.NextDouble() * 0.85).ToArray();

        var result = PairedComparison.DeLong(actual, perfect, noisy);

        Assert.True(result.Difference > 0.2, result.ToString());
        Assert.True(result.SignificantlyBetter(higherIsBetter: true), result.ToString());
        Assert.True(result.Lower > 0, result.ToString());
    }

    [Fact]
    public void DeLong_oneRowOfAClass_isRefusedWithCounts()
    {
        var e = Assert.Throws<MLCycleException>(() => PairedComparison.DeLong([true, false, false], [0.9, 0.1, 0.2], [0.8, 0.2, 0.1]));
        Assert.Contains("1 positive and 2 negative", e.Message);
    }

    [Fact]
    public void Bootstrap_sameSeed_isReproducibleAndOrdersAccuracy()
    {
        var random = new Random(11);
        var actual = Enumerable.Range(0, 400).Select(_ => random.Next(2) == 1).ToArray();
        // The challenger is right on 90% of rows, the champion on 60%.
        var challenger = actual.Select(y => random.NextDouble() < 0.9 ? y : !y).ToArray();
        var champion = actual.Select(y => random.NextDouble() < 0.6 ? y : !y).ToArray();
        double Accuracy(bool[] predicted, IReadOnlyList<int> rows) => rows.Count(i => predicted[i] == actual[i]) / (double)rows.Count;

        var first = PairedComparison.Bootstrap("accuracy", actual.Length, r => Accuracy(challenger, r), r => Accuracy(champion, r), seed: 42);
        var second = PairedComparison.Bootstrap("accuracy", actual.Length, r => Accuracy(challenger, r), r => Accuracy(champion, r), seed: 42);
        var noise = PairedComparison.Bootstrap("accuracy", actual.Length, r => Accuracy(challenger, r), r => Accuracy(challenger, r), seed: 42);

        Assert.Equal(first, second);
        Assert.True(first.Lower > 0.2 && first.Upper < 0.4, first.ToString());
        Assert.True(first.SignificantlyBetter(higherIsBetter: true));
        Assert.False(first.SignificantlyBetter(higherIsBetter: false));
        Assert.False(noise.SignificantlyBetter(higherIsBetter: true));
        Assert.Equal(1, noise.PValue);
    }

    [Fact]
    public void Bootstrap_rmse_lowerIsBetterDirection()
    {
        double[] actual = [.. Enumerable.Range(0, 200).Select(i => (double)i)];
        var random = new Random(3);
        var close = actual.Select(v => v + random.NextDouble() - 0.5).ToArray();
        var far = actual.Select(v => v + (random.NextDouble() - 0.5) * 20).ToArray();
        double Rmse(double[] p, IReadOnlyList<int> rows) => RegressionMetrics.Compute(rows.Select(i => actual[i]).ToArray(), rows.Select(i => p[i]).ToArray())["rmse"];

        var result = PairedComparison.Bootstrap("rmse", actual.Length, r => Rmse(close, r), r => Rmse(far, r), seed: 1);

        Assert.True(result.Difference < 0);
        Assert.True(result.SignificantlyBetter(higherIsBetter: false), result.ToString());
    }
}
