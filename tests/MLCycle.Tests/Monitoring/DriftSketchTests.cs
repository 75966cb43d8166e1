using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Profiling.Drift;
using static MLCycle.Tests.Monitoring.DriftFixtures;

namespace MLCycle.Tests.Monitoring;

/// <summary>The streaming sketches against the exact statistics on all values at once (<see cref="ColumnDrift"/>), on mid-sized samples fed in batches.</summary>
public sealed class DriftSketchTests
{
    private const int Batch = 7_000;
    private static readonly DriftOptions Options = new() { MinimumRows = 1 };

    private static (FeatureDrift Exact, FeatureDrift Streamed, ColumnSketch Sketch) Both(ColumnProfile reference, TableColumn current)
    {
        var exact = ColumnDrift.Compare(reference, current, Options);
        var sketch = new ColumnSketch(reference);
        var other = sketch.Empty();
        // Alternate batches between two sketches and merge them, as two threads would.
        for (var start = 0; start < current.Length; start += Batch)
        {
            var rows = Enumerable.Range(start, Math.Min(Batch, current.Length - start)).ToList();
            ((start / Batch) % 2 == 0 ? sketch : other).Add(current.Take(rows));
        }
        sketch.Merge(other);
        return (exact, sketch.Compare(Options), sketch);
    }

    // The fixtures leave the standard deviation at 0, which turns Wasserstein off; these tests need it on.
    private static ColumnProfile WithStd(ColumnProfile profile, double std) => profile with { Numeric = profile.Numeric! with { Std = std } };

    private static void AssertNumericClose(FeatureDrift exact, FeatureDrift streamed, ColumnSketch sketch, double std)
    {
        Assert.Equal(exact.CurrentCount, streamed.CurrentCount);
        Assert.Equal(exact.CurrentMissing, streamed.CurrentMissing);
        // Decile counts are exact; only the old path's adding 1/n once per value (count / n here) differs, in the last bits.
        Assert.Equal(exact.Psi, streamed.Psi, 1e-11 * Math.Max(1, exact.Psi));
        Assert.Equal(exact.JensenShannon!.Value, streamed.JensenShannon!.Value, 1e-11);
        // The grid's D never overstates the exact one, and falls short of it by at most the sketch's resolution.
        var resolution = sketch.Numbers!.KsResolution();
        Assert.InRange(streamed.KsStatistic!.Value, exact.KsStatistic!.Value - resolution - 1e-12, exact.KsStatistic.Value + 1e-12);
        Assert.InRange(streamed.Wasserstein!.Value, exact.Wasserstein!.Value - sketch.Numbers.WassersteinResolution() / std - 1e-12,
            exact.Wasserstein.Value + sketch.Numbers.WassersteinResolution() / std + 1e-12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(2.0)]
    public void Compare_normal_column_in_batches_matches_the_exact_statistics_within_resolution(double shift)
    {
        var reference = WithStd(NumericProfile("x", Normal(5_000, 50, 10, seed: 1)), 10);
        var values = Normal(40_000, 50 + shift * 10, 10, seed: 2);
        for (var i = 0; i < values.Length; i += 37) values[i] = double.NaN;

        var (exact, streamed, sketch) = Both(reference, Numbers("x", values));

        AssertNumericClose(exact, streamed, sketch, reference.Numeric!.Std);
        Assert.InRange(sketch.Numbers!.KsResolution(), 0, shift == 0 ? 0.001 : 0.01);
    }

    [Fact]
    public void Add_values_on_beside_and_between_the_grid_edges_counts_each_in_the_cell_a_plain_search_finds()
    {
        // Ties at the bottom, a gap of two ulps, then gaps growing a hundredfold: the fast search and its guessed cell must
        // land every value where a search of the edges themselves does (the side of an edge the KS read-out assumes).
        var percentiles = Enumerable.Range(0, 101)
            .Select(k => k < 5 ? 1.0 : k == 5 ? Math.BitIncrement(Math.BitIncrement(1.0)) : 1 + Math.Exp((k - 6) / 20.0)).ToArray();
        var points = percentiles.Distinct().ToArray();
        var edges = points.SkipLast(1).SelectMany((p, a) => Enumerable.Range(0, NumericSketch.SubBins)
            .Select(j => p + (points[a + 1] - p) * j / NumericSketch.SubBins)).Append(points[^1]).ToArray();
        var random = new Random(7);
        var values = edges.SelectMany(e => new[] { e, Math.BitDecrement(e), Math.BitIncrement(e) })
            .Concat(Enumerable.Range(0, 20_000).Select(_ => 1 + random.NextDouble() * (points[^1] - 1)))
            .Where(v => v >= points[0] && v <= points[^1]).ToArray();
        var sketch = new NumericSketch(new PercentileCdf(percentiles));
        var expected = new long[sketch.Cells.Length];

        foreach (var v in values)
        {
            sketch.Add(v);
            var a = Array.FindLastIndex(points, p => p <= v);
            expected[points[a] == v ? a * (NumericSketch.SubBins + 1)
                : a * (NumericSketch.SubBins + 1) + 1 + Enumerable.Range(0, NumericSketch.SubBins).Last(j => edges[a * NumericSketch.SubBins + j] <= v)]++;
        }

        Assert.Equal(expected, sketch.Cells.ToArray());
        Assert.Equal(values.Length, sketch.Present);
    }

    [Fact]
    public void Compare_integer_counts_with_ties_in_batches_matches_the_exact_statistics_within_resolution()
    {
        static double[] Counts(int n, int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, n).Select(_ => (double)Math.Min(6, (int)(-Math.Log(1 - random.NextDouble()) * 1.5))).ToArray();
        }
        var reference = WithStd(NumericProfile("children", Counts(3_000, seed: 1)), 1.5);

        var (exact, streamed, sketch) = Both(reference, Numbers("children", Counts(30_000, seed: 2)));

        AssertNumericClose(exact, streamed, sketch, reference.Numeric!.Std);
        Assert.Equal(exact.KsPValue!.Value, streamed.KsPValue!.Value, 1e-9);
    }

    [Fact]
    public void Compare_values_beyond_the_reference_range_keep_wasserstein_exact_outside()
    {
        var reference = WithStd(PercentileProfile("x", UniformPercentiles(), count: 1_000), 29);
        var values = Enumerable.Range(0, 20_000).Select(i => i % 4 == 0 ? -50.0 - i % 7 : i % 4 == 1 ? 150.0 + i % 5 : i % 97).ToArray();

        var (exact, streamed, sketch) = Both(reference, Numbers("x", values));

        AssertNumericClose(exact, streamed, sketch, reference.Numeric!.Std);
    }

    [Fact]
    public void Compare_categorical_column_in_batches_equals_the_exact_statistics_bit_for_bit()
    {
        var reference = CategoricalProfile("plan", 40, ("basic", 500), ("pro", 300), ("team", 160));
        var random = new Random(3);
        string?[] levels = ["basic", "pro", "team", "enterprise", null, "free"];
        var values = Enumerable.Range(0, 25_000).Select(_ => levels[random.Next(levels.Length)]).ToArray();

        var (exact, streamed, _) = Both(reference, Strings("plan", values));

        Assert.Equal(exact, streamed);
        Assert.NotNull(streamed.ChiSquare);
    }
}
