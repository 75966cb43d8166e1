namespace MLCycle.Statistics;

/// <summary>The chi-squared distribution, through the regularized incomplete gamma function.</summary>
public static class ChiSquaredDistribution
{
    /// <summary>P(X &lt;= x) for X ~ chi-squared with <paramref name="degreesOfFreedom"/>.</summary>
    public static double Cdf(double x, double degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        return x <= 0 ? 0 : IncompleteGamma.LowerRegularized(degreesOfFreedom / 2, x / 2);
    }

    /// <summary>P(X &gt; x): the p-value of a chi-squared statistic <paramref name="x"/>.</summary>
    public static double Survival(double x, double degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        return x <= 0 ? 1 : IncompleteGamma.UpperRegularized(degreesOfFreedom / 2, x / 2);
    }
}
