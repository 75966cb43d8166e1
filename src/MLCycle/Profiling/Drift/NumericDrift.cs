using MLCycle.Data;
using MLCycle.Statistics;

namespace MLCycle.Profiling.Drift;

/// <summary>PSI and Jensen–Shannon over reference decile bins, the normed Wasserstein distance, and a KS test against the reference percentile CDF, for one numeric column.</summary>
internal static class NumericDrift
{
    /// <param name="values">Current values, NaN for missing.</param>
    public static FeatureDrift Compare(string name, ColumnKind kind, long referenceCount, long referenceMissing,
        PercentileCdf cdf, double referenceStd, double[] values, DriftOptions options, string? note)
    {
        var present = values.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(present);
        long total = values.Length;
        long missing = total - present.Length;

        var edges = cdf.InnerDecileEdges();
        var referenceRows = (double)(referenceCount + referenceMissing);
        var referencePresent = referenceCount / referenceRows;
        var expected = new double[edges.Length + 2];
        var actual = new double[edges.Length + 2];
        var previous = 0.0;
        for (var b = 0; b <= edges.Length; b++)
        {
            var upper = b < edges.Length ? cdf.At(edges[b]) : 1.0;
            expected[b] = (upper - previous) * referencePresent;
            previous = upper;
        }
        foreach (var v in present) actual[BinOf(v, edges)] += 1.0 / total;
        // The last bucket holds the missing values on both sides.
        expected[^1] = referenceMissing / referenceRows;
        actual[^1] = (double)missing / total;
        var psi = PopulationStabilityIndex.Compute(expected, actual);

        double? d = null, p = null;
        if (present.Length > 0 && referenceCount > 0)
        {
            d = KsStatistic(present, cdf);
            p = KolmogorovDistribution.TwoSamplePValue(d.Value, referenceCount, present.Length);
        }

        return new FeatureDrift
        {
            Name = name,
            Kind = kind,
            Psi = psi,
            JensenShannon = Statistics.JensenShannon.Distance(expected, actual),
            Wasserstein = present.Length > 0 && referenceStd > 0 ? WassersteinDistance.Compute(present, cdf) / referenceStd : null,
            KsStatistic = d,
            KsPValue = p,
            CurrentCount = present.Length,
            CurrentMissing = missing,
            Drifted = psi >= options.PsiThreshold,
            Significant = p < options.PValue,
            Note = note,
        };
    }

    /// <summary>The bin of <paramref name="v"/>: how many cut points lie strictly below it.</summary>
    private static int BinOf(double v, double[] edges)
    {
        var i = Array.BinarySearch(edges, v);
        return i >= 0 ? i : ~i;
    }

    /// <summary>
    /// D = max |F_current - F_reference|, checked just before and at every distinct current value; comparing left limits
    /// with left limits keeps integer-valued columns (many ties on both sides) from showing a difference that is not there.
    /// D is taken between the 1st and 99th reference percentiles, where the interpolated CDF is within its 1% resolution:
    /// the outer segments run to the sample's minimum and maximum, where a straight line is far from any real tail (off by
    /// 0.004 for a normal), which on a million current rows alone looked like drift. A shift into the tails still shows at
    /// the two ends of that range, and in PSI's outer bins.
    /// </summary>
    private static double KsStatistic(double[] sorted, PercentileCdf cdf)
    {
        var n = (double)sorted.Length;
        double low = cdf.Percentile(1), high = cdf.Percentile(99);
        var belowLow = LowerBound(sorted, low);
        var atOrBelowHigh = UpperBound(sorted, high);
        var d = Math.Max(Math.Abs(belowLow / n - cdf.Below(low)), Math.Abs(atOrBelowHigh / n - cdf.At(high)));
        var i = belowLow;
        while (i < atOrBelowHigh)
        {
            var j = i;
            while (j + 1 < atOrBelowHigh && sorted[j + 1] == sorted[i]) j++;
            d = Math.Max(d, Math.Max(Math.Abs(i / n - cdf.Below(sorted[i])), Math.Abs((j + 1) / n - cdf.At(sorted[i]))));
            i = j + 1;
        }
        return d;
    }

    /// <summary>How many sorted values are below <paramref name="x"/>.</summary>
    private static int LowerBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>How many sorted values are at or below <paramref name="x"/>.</summary>
    private static int UpperBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
