namespace MLCycle.Statistics;

/// <summary>The regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x).</summary>
internal static class IncompleteGamma
{
    private const int MaxIterations = 1000;
    private const double Tolerance = 1e-15;

    public static double LowerRegularized(double a, double x) =>
        x < a + 1 ? Series(a, x) : 1 - ContinuedFraction(a, x);

    public static double UpperRegularized(double a, double x) =>
        x < a + 1 ? 1 - Series(a, x) : ContinuedFraction(a, x);

    /// <summary>ln Gamma(x) for x &gt; 0 by the Lanczos approximation (g = 7, n = 9), good to about 15 digits.</summary>
    public static double LogGamma(double x)
    {
        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7,
        ];
        // Reflection keeps the approximation in its accurate range for small x.
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        var sum = c[0];
        for (var i = 1; i < c.Length; i++) sum += c[i] / (x + i);
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>P(a, x) by its power series; converges quickly for x &lt; a + 1.</summary>
    private static double Series(double a, double x)
    {
        if (x <= 0) return 0;
        var term = 1 / a;
        var sum = term;
        for (var n = 1; n < MaxIterations; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Tolerance) break;
        }
        return Math.Clamp(sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a)), 0, 1);
    }

    /// <summary>Q(a, x) by Lentz's continued fraction; converges quickly for x &gt;= a + 1.</summary>
    private static double ContinuedFraction(double a, double x)
    {
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < MaxIterations; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Tolerance) break;
        }
        return Math.Clamp(Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * h, 0, 1);
    }
}
