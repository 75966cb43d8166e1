using MLCycle.Data;
using MLCycle.Monitoring;
using MLCycle.Profiling.Drift;
using MLCycle.Profiling;
using MLCycle.Statistics;
using static MLCycle.Tests.Monitoring.DriftFixtures;

namespace MLCycle.Tests.Monitoring;

public sealed class NumericDriftTests
{
    private static FeatureDrift DetectOne(ColumnProfile reference, TableColumn current, DriftOptions? options = null)
    {
        var profile = new DatasetProfile { Rows = reference.Count + reference.Missing, Columns = [reference] };
        // These tests check the statistics on hand-sized samples, so the minimum for a verdict is lowered to one row.
        return Assert.Single(DriftDetector.Detect(profile, new Table([current]), options ?? new DriftOptions { MinimumRows = 1 }).Features);
    }

    [Fact]
    public void Detect_same_sample_as_reference_gives_psi_near_zero_and_no_drift()
    {
        var values = Normal(2000, 50, 10, seed: 1);

        var drift = DetectOne(NumericProfile("x", values), Numbers("x", values));

        Assert.InRange(drift.Psi, 0, 1e-3);
        // The reference CDF is linear between percentiles, so D cannot go below that 1% resolution's error.
        Assert.InRange(drift.KsStatistic!.Value, 0, 0.01);
        Assert.InRange(drift.KsPValue!.Value, 0.99, 1);
        Assert.False(drift.Drifted);
        Assert.False(drift.Significant);
        Assert.Null(drift.ChiSquare);
    }

    [Fact]
    public void Detect_fresh_sample_of_same_distribution_is_not_drifted()
    {
        var reference = NumericProfile("x", Normal(5000, 50, 10, seed: 1));

        var drift = DetectOne(reference, Numbers("x", Normal(2000, 50, 10, seed: 2)));

        Assert.InRange(drift.Psi, 0, 0.02);
        Assert.True(drift.KsPValue > 0.05, $"p = {drift.KsPValue}");
        Assert.False(drift.Drifted);
    }

    [Fact]
    public void Detect_normal_shifted_by_one_sd_is_drifted_and_significant()
    {
        var reference = NumericProfile("x", Normal(5000, 50, 10, seed: 1));

        var drift = DetectOne(reference, Numbers("x", Normal(1000, 60, 10, seed: 2)));

        Assert.True(drift.Psi > 0.2, $"PSI = {drift.Psi}");
        // D of two normals one sd apart is 2*Phi(0.5) - 1 = 0.383.
        Assert.InRange(drift.KsStatistic!.Value, 0.33, 0.43);
        Assert.True(drift.KsPValue < 0.05);
        Assert.True(drift.Drifted);
        Assert.True(drift.Significant);
    }

    [Fact]
    public void Detect_small_shift_matches_hand_computed_psi_and_ks()
    {
        // Uniform reference on [0, 100]: deciles at 10, 20, ..., 90, each bin holding 0.1.
        // Current: 3 values in the first bin, 1 in the second, 2 in each of the other eight (n = 20).
        double[] current = [1, 2, 3, 15, 25, 26, 35, 36, 45, 46, 55, 56, 65, 66, 75, 76, 85, 86, 95, 96];

        var drift = DetectOne(PercentileProfile("x", UniformPercentiles(), count: 1000), Numbers("x", current));

        // (0.15 - 0.1) ln 1.5 + (0.05 - 0.1) ln 0.5
        Assert.Equal(0.05 * Math.Log(1.5) + 0.05 * Math.Log(2), drift.Psi, 12);
        // Largest gap: after the third value, F_cur = 0.15 while F_ref(3) = 0.03.
        Assert.Equal(0.12, drift.KsStatistic!.Value, 12);
        Assert.Equal(KolmogorovDistribution.TwoSamplePValue(0.12, 1000, 20), drift.KsPValue!.Value, 12);
        Assert.False(drift.Drifted);
        Assert.Equal(20, drift.CurrentCount);
    }

    [Fact]
    public void Detect_missing_share_is_its_own_bucket()
    {
        // Reference: 90 values uniform on [0, 100] and 10 missing; current: 2 values per decile, none missing.
        double[] current = Enumerable.Range(0, 10).SelectMany(b => new double[] { 10 * b + 3, 10 * b + 7 }).ToArray();

        var drift = DetectOne(PercentileProfile("x", UniformPercentiles(), count: 90, missing: 10), Numbers("x", current));

        var e = PopulationStabilityIndex.Epsilon;
        Assert.Equal(10 * (0.1 - 0.09) * Math.Log(0.1 / 0.09) + (e - 0.1) * Math.Log(e / 0.1), drift.Psi, 12);
        Assert.Equal(0, drift.CurrentMissing);
    }

    [Fact]
    public void Detect_current_missing_values_are_counted()
    {
        double[] current = [10, double.NaN, 30, double.NaN];

        var drift = DetectOne(PercentileProfile("x", UniformPercentiles(), count: 100), Numbers("x", current));

        Assert.Equal(2, drift.CurrentCount);
        Assert.Equal(2, drift.CurrentMissing);
        Assert.True(drift.Drifted, "half the values missing against none in training is a major shift");
    }

    [Fact]
    public void Detect_tied_deciles_collapse_into_bins_that_keep_the_reference_mass()
    {
        // 69% zeros then ones: deciles 10..60 are 0 and 70..90 are 1, so the bins are (-inf,0], (0,1], (1,inf).
        var percentiles = Enumerable.Range(0, 101).Select(i => i < 70 ? 0.0 : 1.0).ToArray();
        var current = Enumerable.Repeat(0.0, 69).Concat(Enumerable.Repeat(1.0, 31)).ToArray();

        var drift = DetectOne(PercentileProfile("x", percentiles, count: 100), Numbers("x", current));

        Assert.Equal(0, drift.Psi, 12);
        Assert.False(drift.Drifted);
    }

    [Fact]
    public void Detect_values_beyond_the_reference_range_fall_in_the_open_outer_bin()
    {
        var current = Enumerable.Repeat(150.0, 10).ToArray();

        var drift = DetectOne(PercentileProfile("x", UniformPercentiles(), count: 100), Numbers("x", current));

        // All current mass in the top bin (expected 0.1); the other nine bins are empty (epsilon).
        var e = PopulationStabilityIndex.Epsilon;
        Assert.Equal(0.9 * Math.Log(10) + 9 * (e - 0.1) * Math.Log(e / 0.1), drift.Psi, 9);
        // D is read between the 1st and 99th percentiles: at p99 the reference has 0.99 of its mass, the current none.
        Assert.Equal(0.99, drift.KsStatistic!.Value, 12);
        Assert.True(drift.KsPValue < 1e-6);
        Assert.True(drift.Drifted);
    }

    [Fact]
    public void Detect_numbers_stored_as_text_are_parsed_and_junk_is_noted()
    {
        var current = Strings("x", "5", "15", "25", "35", "45", "55", "65", "75", "85", "95", "n/a");

        var drift = DetectOne(PercentileProfile("x", UniformPercentiles(), count: 100), current);

        Assert.Equal(10, drift.CurrentCount);
        Assert.Equal(1, drift.CurrentMissing);
        Assert.Contains("1 current values were not numbers", drift.Note);
    }

    [Fact]
    public void Detect_datetime_column_uses_the_numeric_statistics()
    {
        var seconds = Enumerable.Range(0, 1000).Select(i => 1.7e9 + 86400.0 * i).ToArray();
        var reference = NumericProfile("when", seconds, ColumnKind.DateTime);

        var drift = DetectOne(reference, Numbers("when", seconds.Select(s => s + 86400.0 * 2000).ToArray(), ColumnKind.DateTime));

        Assert.Equal(ColumnKind.DateTime, drift.Kind);
        Assert.Equal(0.99, drift.KsStatistic!.Value, 12);
        Assert.True(drift.Drifted);
    }

    [Fact]
    public void Detect_fresh_sample_of_integer_counts_is_not_significant()
    {
        // Counts 0..6 with many ties, like pregnancies or number of products.
        static double[] Counts(int n, int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, n).Select(_ => (double)Math.Min(6, (int)(-Math.Log(1 - random.NextDouble()) * 1.5))).ToArray();
        }

        var drift = DetectOne(NumericProfile("children", Counts(3000, seed: 1)), Numbers("children", Counts(1000, seed: 2)));

        Assert.True(drift.KsPValue > 0.05, $"D = {drift.KsStatistic}, p = {drift.KsPValue}");
        Assert.False(drift.Drifted);
    }

    [Fact]
    public void Detect_identical_distributions_of_very_different_sizes_give_roughly_uniform_p_values()
    {
        // 50,000 reference rows (kept as 101 percentiles) against 500,000 current rows of the same normal, 24 times over.
        // KS uses the two-sample distribution with n·m/(n+m) rows; treating the reference CDF as exact would make every
        // large current sample look drifted.
        var pValues = new List<double>();
        for (var seed = 0; seed < 24; seed++)
        {
            var reference = NumericProfile("x", Normal(50_000, 50, 10, seed: 1000 + seed));

            pValues.Add(DetectOne(reference, Numbers("x", Normal(500_000, 50, 10, seed: 2000 + seed))).KsPValue!.Value);
        }

        Assert.InRange(pValues.Count(p => p < 0.05), 0, 4);
        Assert.InRange(pValues.Average(), 0.3, 0.7);
    }
}
