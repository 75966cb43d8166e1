namespace MLCycle.Statistics;

/// <summary>The Jensen–Shannon distance between two distributions over the same buckets.</summary>
public static class JensenShannon
{
    /// <summary>
    /// sqrt((KL(p‖m) + KL(q‖m)) / 2) with m = (p + q) / 2 and natural logarithms, as scipy's <c>jensenshannon</c> (and so
    /// Evidently) computes it: 0 for equal shares, at most sqrt(ln 2) ≈ 0.83 for disjoint ones. Shares are normalised first.
    /// </summary>
    public static double Distance(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (p.Count != q.Count) throw new ArgumentException($"Expected {p.Count} buckets but found {q.Count}.", nameof(q));
        double sp = p.Sum(), sq = q.Sum();
        if (!(sp > 0) || !(sq > 0)) return double.NaN;
        var divergence = 0.0;
        for (var i = 0; i < p.Count; i++)
        {
            double a = p[i] / sp, b = q[i] / sq, m = (a + b) / 2;
            if (a > 0) divergence += a * Math.Log(a / m);
            if (b > 0) divergence += b * Math.Log(b / m);
        }
        return Math.Sqrt(Math.Max(0, divergence / 2));
    }
}
