using MLCycle.Data;
using MLCycle.Monitoring;
using MLCycle.Profiling.Drift;
using MLCycle.Profiling;
using MLCycle.Statistics;
using static MLCycle.Tests.Monitoring.DriftFixtures;

namespace MLCycle.Tests.Monitoring;

public sealed class CategoricalDriftTests
{
    private static FeatureDrift DetectOne(ColumnProfile reference, TableColumn current)
    {
        var profile = new DatasetProfile { Rows = reference.Count + reference.Missing, Columns = [reference] };
        // These tests check the statistics on hand-sized samples, so the minimum for a verdict is lowered to one row.
        return Assert.Single(DriftDetector.Detect(profile, new Table([current]), new DriftOptions { MinimumRows = 1 }).Features);
    }

    [Fact]
    public void Detect_same_shares_give_zero_psi_and_chi_square()
    {
        var reference = CategoricalProfile("plan", 0, ("a", 500), ("b", 300), ("c", 200));

        var drift = DetectOne(reference, Strings("plan", Repeat(("a", 50), ("b", 30), ("c", 20))));

        Assert.Equal(0, drift.Psi, 12);
        Assert.Equal(0, drift.ChiSquare!.Value, 12);
        Assert.Equal(1, drift.ChiSquarePValue!.Value, 12);
        Assert.Null(drift.KsStatistic);
        Assert.False(drift.Drifted);
    }

    [Fact]
    public void Detect_shifted_shares_match_hand_computed_psi_and_chi_square()
    {
        var reference = CategoricalProfile("plan", 0, ("a", 50), ("b", 30), ("c", 20));

        var drift = DetectOne(reference, Strings("plan", Repeat(("a", 40), ("b", 30), ("c", 30))));

        // PSI: (0.4 - 0.5) ln 0.8 + (0.3 - 0.2) ln 1.5. Chi² of the 2 × 3 table (50 30 20 / 40 30 30): expected 45 30 25
        // on both sides, so 2 · 5²/45 + 2 · 5²/25 = 28/9 with 2 df, p = exp(-14/9): two samples of 100 rows are not
        // enough to call this shift significant.
        Assert.Equal(-0.1 * Math.Log(0.8) + 0.1 * Math.Log(1.5), drift.Psi, 12);
        Assert.Equal(28.0 / 9, drift.ChiSquare!.Value, 12);
        Assert.Equal(Math.Exp(-14.0 / 9), drift.ChiSquarePValue!.Value, 12);
        Assert.False(drift.Significant);
        Assert.False(drift.Drifted);
    }

    [Fact]
    public void Detect_unseen_categories_go_to_the_other_bucket_and_drift()
    {
        var reference = CategoricalProfile("plan", 0, ("a", 50), ("b", 50));

        var drift = DetectOne(reference, Strings("plan", Repeat(("a", 40), ("b", 40), ("z", 15), ("y", 5))));

        var e = PopulationStabilityIndex.Epsilon;
        Assert.Equal(2 * (-0.1 * Math.Log(0.8)) + (0.2 - e) * Math.Log(0.2 / e), drift.Psi, 12);
        // Table (50 50 0 / 40 40 20): expected 45 45 10 on both sides; 4 · 5²/45 + 2 · 10²/10 = 200/9 with 2 df.
        Assert.Equal(200.0 / 9, drift.ChiSquare!.Value, 12);
        Assert.Equal(Math.Exp(-100.0 / 9), drift.ChiSquarePValue!.Value, 12);
        Assert.True(drift.Drifted);
        Assert.True(drift.Significant);
    }

    [Fact]
    public void Detect_truncated_top_values_treat_the_remainder_as_other()
    {
        // Count 100 but only a and b listed: 30 reference values are "other", like x and y now.
        var reference = CategoricalProfile("plan", 0, ("a", 40), ("b", 30)) with { Count = 100 };

        var drift = DetectOne(reference, Strings("plan", Repeat(("a", 40), ("b", 30), ("x", 15), ("y", 15))));

        Assert.Equal(0, drift.Psi, 12);
        Assert.Equal(0, drift.ChiSquare!.Value, 12);
    }

    [Fact]
    public void Detect_missing_values_are_a_bucket_for_psi_but_not_for_chi_square()
    {
        var reference = CategoricalProfile("plan", 20, ("a", 40), ("b", 40));

        var drift = DetectOne(reference, Strings("plan", Repeat(("a", 30), ("b", 30), (null, 40))));

        // Shares a 0.4 -> 0.3, b 0.4 -> 0.3, missing 0.2 -> 0.4; non-missing a:b is unchanged.
        Assert.Equal(2 * (-0.1 * Math.Log(0.75)) + 0.2 * Math.Log(2), drift.Psi, 12);
        Assert.Equal(0, drift.ChiSquare!.Value, 12);
        Assert.Equal(60, drift.CurrentCount);
        Assert.Equal(40, drift.CurrentMissing);
    }

    [Fact]
    public void Detect_categories_stored_as_numbers_are_compared_as_text()
    {
        var reference = CategoricalProfile("senior", 0, ("0", 80), ("1", 20));
        double[] current = [.. Enumerable.Repeat(0.0, 80), .. Enumerable.Repeat(1.0, 20)];

        var drift = DetectOne(reference, Numbers("senior", current));

        Assert.Equal(0, drift.Psi, 12);
        Assert.Equal(100, drift.CurrentCount);
    }

    [Fact]
    public void Detect_boolean_reference_share_comes_from_its_mean()
    {
        var reference = new ColumnProfile
        {
            Name = "partner",
            Kind = ColumnKind.Boolean,
            Count = 100,
            Numeric = new NumericStats(0, 1, 0.3, 0.46, Enumerable.Range(0, 101).Select(i => i < 70 ? 0.0 : 1.0).ToList()),
        };
        double[] current = [.. Enumerable.Repeat(1.0, 60), .. Enumerable.Repeat(0.0, 40)];

        var drift = DetectOne(reference, Numbers("partner", current, ColumnKind.Boolean));

        // false 0.7 -> 0.4, true 0.3 -> 0.6; table (70 30 / 40 60): expected 55 45 on both sides, chi² = 2 · 15²/55 + 2 · 15²/45.
        Assert.Equal(-0.3 * Math.Log(0.4 / 0.7) + 0.3 * Math.Log(2), drift.Psi, 12);
        Assert.Equal(450.0 / 55 + 10, drift.ChiSquare!.Value, 9);
        Assert.True(drift.Drifted);
    }

    [Fact]
    public void Detect_boolean_written_as_words_is_understood()
    {
        var reference = new ColumnProfile { Name = "partner", Kind = ColumnKind.Boolean, Count = 10, TopValues = [new("Yes", 5), new("No", 5)] };

        var drift = DetectOne(reference, Strings("partner", "yes", "no", "TRUE", "false", "maybe"));

        Assert.Equal(4, drift.CurrentCount);
        Assert.Equal(1, drift.CurrentMissing);
        Assert.Contains("not true/false", drift.Note);
        Assert.Equal(0, drift.ChiSquare!.Value, 12);
    }

    [Fact]
    public void Detect_identical_distributions_of_very_different_sizes_give_uniform_p_values()
    {
        // 50,000 reference rows against 1,000,000 current rows of the same four-category distribution, 60 times over:
        // under the null the p-values are uniform, so about 5% fall below 0.05 and their mean is near 0.5.
        double[] shares = [0.5, 0.3, 0.15, 0.05];
        var pValues = new List<double>();
        for (var seed = 0; seed < 60; seed++)
        {
            var random = new Random(seed);
            var referenceCounts = Sample(random, shares, 50_000);
            var reference = CategoricalProfile("plan", 0, [.. referenceCounts.Select((c, i) => ($"c{i}", (long)c))]);
            var currentCounts = Sample(random, shares, 1_000_000);
            var current = Repeat([.. currentCounts.Select((c, i) => ((string?)$"c{i}", c))]);

            pValues.Add(DetectOne(reference, Strings("plan", current)).ChiSquarePValue!.Value);
        }

        Assert.InRange(pValues.Count(p => p < 0.05), 0, 9);
        Assert.InRange(pValues.Average(), 0.35, 0.65);
        Assert.True(pValues.Min() > 1e-4, $"smallest p {pValues.Min()}");
    }

    private static int[] Sample(Random random, double[] shares, int rows)
    {
        var counts = new int[shares.Length];
        for (var r = 0; r < rows; r++)
        {
            var u = random.NextDouble();
            var k = 0;
            while (k < shares.Length - 1 && (u -= shares[k]) >= 0) k++;
            counts[k]++;
        }
        return counts;
    }
}
