using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Statistics;

namespace MLCycle.Profiling.Drift;

/// <summary>PSI over categories and a two-sample chi-squared test, for one categorical (or boolean) column.</summary>
internal static class CategoricalDrift
{
    /// <param name="referenceCounts">Reference categories with counts.</param>
    /// <param name="referenceOther">Reference values outside <paramref name="referenceCounts"/> (a truncated top list).</param>
    /// <param name="values">Current values, null for missing.</param>
    public static FeatureDrift Compare(string name, ColumnKind kind, IReadOnlyList<ValueCount> referenceCounts,
        long referenceOther, long referenceMissing, string?[] values, DriftOptions options, string? note)
    {
        var sketch = new CategorySketch(referenceCounts);
        foreach (var v in values) sketch.Add(v);
        return FromCounts(name, kind, referenceCounts, referenceOther, referenceMissing, sketch.Counts, options, note);
    }

    /// <param name="observed">Current counts per reference category (in <paramref name="referenceCounts"/> order, first occurrence of a repeated value), then other/unseen, then missing.</param>
    public static FeatureDrift FromCounts(string name, ColumnKind kind, IReadOnlyList<ValueCount> referenceCounts,
        long referenceOther, long referenceMissing, long[] observed, DriftOptions options, string? note)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var vc in referenceCounts) index.TryAdd(vc.Value, index.Count);
        var k = index.Count;

        var reference = new double[k + 2];
        foreach (var vc in referenceCounts) reference[index[vc.Value]] += vc.Count;
        reference[k] = referenceOther;
        reference[k + 1] = referenceMissing;

        var referenceRows = reference.Sum();
        var total = observed.Sum();
        var expected = reference.Select(c => referenceRows > 0 ? c / referenceRows : 0).ToArray();
        var actual = observed.Select(c => (double)c / total).ToArray();
        var psi = PopulationStabilityIndex.Compute(expected, actual);

        var present = total - observed[k + 1];
        var (chi, p) = present > 0 ? ChiSquared(reference.AsSpan(0, k + 1), observed.AsSpan(0, k + 1), present) : (null, null);

        return new FeatureDrift
        {
            Name = name,
            Kind = kind,
            Psi = psi,
            JensenShannon = Statistics.JensenShannon.Distance(expected, actual),
            ChiSquare = chi,
            ChiSquarePValue = p,
            CurrentCount = present,
            CurrentMissing = observed[k + 1],
            Drifted = psi >= options.PsiThreshold,
            Significant = p < options.PValue,
            Note = note,
        };
    }

    /// <summary>
    /// Chi-squared test of homogeneity on the 2 × buckets table of reference and current non-missing counts; the last
    /// bucket is other/unseen. Both sides are samples: a goodness-of-fit test that took the reference shares as exact
    /// inflated the statistic by about 1 + current / reference rows, so a large current sample of the very same
    /// distribution looked drifted on every column. Buckets empty on both sides are left out.
    /// </summary>
    private static (double?, double?) ChiSquared(ReadOnlySpan<double> reference, ReadOnlySpan<long> observed, long present)
    {
        var referenceTotal = 0.0;
        foreach (var r in reference) referenceTotal += r;
        if (referenceTotal <= 0) return (null, null);
        var total = referenceTotal + present;

        var chi = 0.0;
        var used = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            var bucket = reference[i] + observed[i];
            if (bucket <= 0) continue;
            var expectedReference = referenceTotal * bucket / total;
            var expectedCurrent = present * bucket / total;
            chi += (reference[i] - expectedReference) * (reference[i] - expectedReference) / expectedReference
                + (observed[i] - expectedCurrent) * (observed[i] - expectedCurrent) / expectedCurrent;
            used++;
        }
        // One bucket cannot differ from itself: the two samples have the same shares.
        return used < 2 ? (0, 1) : (chi, ChiSquaredDistribution.Survival(chi, used - 1));
    }
}
