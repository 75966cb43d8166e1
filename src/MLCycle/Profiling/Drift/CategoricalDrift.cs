using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Statistics;

namespace MLCycle.Profiling.Drift;

/// <summary>PSI over categories and a chi-squared goodness-of-fit test, for one categorical (or boolean) column.</summary>
internal static class CategoricalDrift
{
    /// <summary>Reference weight of the "other/unseen" bucket when the reference has none, so unseen values give a large but finite statistic.</summary>
    private const double UnseenPseudoCount = 0.5;

    /// <param name="referenceCounts">Reference categories with counts.</param>
    /// <param name="referenceOther">Reference values outside <paramref name="referenceCounts"/> (a truncated top list).</param>
    /// <param name="values">Current values, null for missing.</param>
    public static FeatureDrift Compare(string name, ColumnKind kind, IReadOnlyList<ValueCount> referenceCounts,
        long referenceOther, long referenceMissing, string?[] values, DriftOptions options, string? note)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var vc in referenceCounts) index.TryAdd(vc.Value, index.Count);
        var k = index.Count;

        // Buckets: the reference categories, then other/unseen, then missing.
        var observed = new long[k + 2];
        foreach (var v in values)
            observed[v is null ? k + 1 : index.TryGetValue(v, out var i) ? i : k]++;

        var reference = new double[k + 2];
        foreach (var vc in referenceCounts) reference[index[vc.Value]] += vc.Count;
        reference[k] = referenceOther;
        reference[k + 1] = referenceMissing;

        var referenceRows = reference.Sum();
        long total = values.Length;
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
            ChiSquare = chi,
            ChiSquarePValue = p,
            CurrentCount = present,
            CurrentMissing = observed[k + 1],
            Drifted = psi >= options.PsiThreshold,
            Significant = p < options.PValue,
            Note = note,
        };
    }

    /// <summary>Goodness of fit of the non-missing current counts to the reference shares; the last bucket is other/unseen.</summary>
    private static (double?, double?) ChiSquared(ReadOnlySpan<double> reference, ReadOnlySpan<long> observed, long present)
    {
        var weights = reference.ToArray();
        var other = weights.Length - 1;
        var useOther = weights[other] > 0 || observed[other] > 0;
        if (useOther && weights[other] == 0) weights[other] = UnseenPseudoCount;
        var buckets = useOther ? weights.Length : weights.Length - 1;
        var totalWeight = weights.AsSpan(0, buckets).ToArray().Sum();
        if (totalWeight <= 0) return (null, null);

        var chi = 0.0;
        var used = 0;
        for (var i = 0; i < buckets; i++)
        {
            if (weights[i] <= 0) continue;
            var e = present * weights[i] / totalWeight;
            chi += (observed[i] - e) * (observed[i] - e) / e;
            used++;
        }
        // One bucket cannot differ from itself: observed equals expected.
        return used < 2 ? (0, 1) : (chi, ChiSquaredDistribution.Survival(chi, used - 1));
    }
}
