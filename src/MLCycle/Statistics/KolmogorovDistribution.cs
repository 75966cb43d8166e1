namespace MLCycle.Statistics;

/// <summary>The asymptotic Kolmogorov distribution of sqrt(n)·D, used for KS p-values.</summary>
public static class KolmogorovDistribution
{
    /// <summary>P(K &gt; lambda): the probability that the scaled KS statistic exceeds <paramref name="lambda"/>.</summary>
    public static double Survival(double lambda)
    {
        if (lambda <= 0) return 1;
        if (lambda < 1.18)
        {
            // For small lambda the alternating series converges slowly; the theta-function form converges fast.
            var sum = 0.0;
            var k = -Math.PI * Math.PI / (8 * lambda * lambda);
            for (var j = 1; j <= 50; j += 2) sum += Math.Exp(k * j * j);
            return Math.Clamp(1 - Math.Sqrt(2 * Math.PI) / lambda * sum, 0, 1);
        }
        var q = 0.0;
        var sign = 1.0;
        for (var j = 1; j <= 100; j++)
        {
            var term = Math.Exp(-2 * j * j * lambda * lambda);
            q += sign * term;
            if (term < 1e-16) break;
            sign = -sign;
        }
        return Math.Clamp(2 * q, 0, 1);
    }

    /// <summary>
    /// The p-value of a two-sample KS statistic <paramref name="d"/> for samples of sizes n and m,
    /// with Stephens' small-sample correction of the effective size n·m/(n+m).
    /// </summary>
    public static double TwoSamplePValue(double d, double n, double m)
    {
        var ne = n * m / (n + m);
        var root = Math.Sqrt(ne);
        return Survival((root + 0.12 + 0.11 / root) * d);
    }
}
