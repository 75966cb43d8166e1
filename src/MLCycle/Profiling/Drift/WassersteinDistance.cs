namespace MLCycle.Profiling.Drift;

/// <summary>The first Wasserstein (earth mover's) distance between the current values and the reference percentile CDF.</summary>
internal static class WassersteinDistance
{
    /// <summary>
    /// W1 = ∫₀¹ |Q_current(u) − Q_reference(u)| du over the quantile functions: the current one a step per sorted value, the
    /// reference one linear between its 101 percentiles. Integrated exactly between the merged breakpoints.
    /// </summary>
    public static double Compute(double[] sorted, PercentileCdf reference)
    {
        var n = sorted.Length;
        if (n == 0) return double.NaN;
        var total = 0.0;
        var u = 0.0;
        int i = 0, k = 0;
        while (i < n && k < 100)
        {
            double stepEnd = (i + 1.0) / n, segmentEnd = (k + 1) / 100.0;
            var end = Math.Min(stepEnd, segmentEnd);
            double a = Reference(reference, k, u), b = Reference(reference, k, end);
            total += Between(sorted[i], a, b, end - u);
            u = end;
            if (stepEnd <= end) i++;
            if (segmentEnd <= end) k++;
        }
        return total;
    }

    /// <summary>The reference quantile at u inside percentile segment k (from p_k to p_{k+1}).</summary>
    private static double Reference(PercentileCdf reference, int k, double u)
    {
        double lo = reference.Percentile(k), hi = reference.Percentile(k + 1);
        return lo + (hi - lo) * Math.Clamp(u * 100 - k, 0, 1);
    }

    /// <summary>∫ |c − line| over a length where the line runs from a to b.</summary>
    private static double Between(double c, double a, double b, double length)
    {
        if (length <= 0) return 0;
        if (c <= Math.Min(a, b) || c >= Math.Max(a, b)) return Math.Abs(c - (a + b) / 2) * length;
        var t = (c - a) / (b - a);
        return length * (t * Math.Abs(c - a) + (1 - t) * Math.Abs(b - c)) / 2;
    }
}
