using MLCycle.Statistics;

namespace MLCycle.Evaluation;

/// <summary>
/// Whether a challenger beats the champion on the same test rows by more than noise: DeLong's test for ROC-AUC
/// (DeLong, DeLong &amp; Clarke-Pearson 1988, midrank form of Sun &amp; Xu 2014) and a seeded paired bootstrap for any other metric.
/// Both give the difference (challenger minus champion), its 95% interval and a two-sided p-value.
/// </summary>
public static class PairedComparison
{
    /// <summary>The significance level: a difference counts when its two-sided p-value is below it.</summary>
    public const double Alpha = 0.05;
    public const int BootstrapResamples = 1000;
    private const double Z975 = 1.959963984540054;

    /// <summary>DeLong's test of two correlated ROC-AUCs; <paramref name="actual"/> must hold both classes.</summary>
    public static PairedDifference DeLong(IReadOnlyList<bool> actual, IReadOnlyList<double> challenger, IReadOnlyList<double> champion)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(challenger);
        ArgumentNullException.ThrowIfNull(champion);
        MLCycle.Metrics.MetricInput.CheckRows(actual.Count, challenger.Count);
        MLCycle.Metrics.MetricInput.CheckRows(actual.Count, champion.Count);
        int m = actual.Count(a => a), n = actual.Count - m;
        if (m < 2 || n < 2)
            throw new MLCycleException(ErrorKind.BadData, $"DeLong's test needs at least 2 rows of each class; the test rows hold {m} positive and {n} negative.");
        var (aucA, v10A, v01A) = Components(actual, challenger, m, n);
        var (aucB, v10B, v01B) = Components(actual, champion, m, n);
        double variance = (Var(v10A) + Var(v10B) - 2 * Cov(v10A, v10B)) / m + (Var(v01A) + Var(v01B) - 2 * Cov(v01A, v01B)) / n;
        double difference = aucA - aucB, se = Math.Sqrt(Math.Max(0, variance));
        double p = se == 0 ? (difference == 0 ? 1 : 0) : ChiSquaredDistribution.Survival(difference / se * (difference / se), 1);
        return new PairedDifference("roc_auc", "DeLong", aucA, aucB, difference, difference - Z975 * se, difference + Z975 * se, p);
    }

    /// <summary>
    /// A paired bootstrap: the same resampled rows score both models, <paramref name="resamples"/> times with <paramref name="seed"/>;
    /// the interval is the 2.5th to 97.5th percentile of the differences, the p-value twice the smaller tail beyond zero.
    /// </summary>
    public static PairedDifference Bootstrap(
        string metric, int rows, Func<IReadOnlyList<int>, double> challenger, Func<IReadOnlyList<int>, double> champion,
        int seed, int resamples = BootstrapResamples)
    {
        ArgumentNullException.ThrowIfNull(challenger);
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2);
        var all = Enumerable.Range(0, rows).ToArray();
        double a = challenger(all), b = champion(all);
        var random = new Random(seed);
        var differences = new List<double>(resamples);
        var sample = new int[rows];
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < rows; i++) sample[i] = random.Next(rows);
            double d = challenger(sample) - champion(sample);
            // A resample can leave a metric undefined (one class drawn); it says nothing about the difference.
            if (double.IsFinite(d)) differences.Add(d);
        }
        if (differences.Count == 0)
            throw new MLCycleException(ErrorKind.BadData, $"The paired bootstrap of {metric} found it undefined on every resample of the {rows} test rows.");
        differences.Sort();
        double below = differences.Count(d => d <= 0) / (double)differences.Count, above = differences.Count(d => d >= 0) / (double)differences.Count;
        return new PairedDifference(metric, $"paired bootstrap ({resamples} resamples, seed {seed})", a, b, a - b,
            Percentile(differences, 0.025), Percentile(differences, 0.975), Math.Min(1, 2 * Math.Min(below, above)));
    }

    // Per positive row the share of negatives it outranks (V10), per negative row the share of positives outranking it (V01).
    private static (double Auc, double[] V10, double[] V01) Components(IReadOnlyList<bool> actual, IReadOnlyList<double> score, int m, int n)
    {
        var positives = Enumerable.Range(0, actual.Count).Where(i => actual[i]).Select(i => score[i]).ToArray();
        var negatives = Enumerable.Range(0, actual.Count).Where(i => !actual[i]).Select(i => score[i]).ToArray();
        var tx = Midranks(positives);
        var ty = Midranks(negatives);
        var tz = Midranks([.. positives, .. negatives]);
        var v10 = new double[m];
        var v01 = new double[n];
        for (int i = 0; i < m; i++) v10[i] = (tz[i] - tx[i]) / n;
        for (int j = 0; j < n; j++) v01[j] = 1 - (tz[m + j] - ty[j]) / m;
        double auc = tz.Take(m).Sum() / m / n - (m + 1.0) / 2.0 / n;
        return (auc, v10, v01);
    }

    // 1-based ranks, tied values sharing the mean of their ranks.
    private static double[] Midranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j < order.Length && values[order[j]] == values[order[i]]) j++;
            for (int k = i; k < j; k++) ranks[order[k]] = (i + j - 1) / 2.0 + 1;
            i = j;
        }
        return ranks;
    }

    private static double Var(double[] x) => Cov(x, x);

    // Sample covariance (n - 1), as DeLong's estimator and numpy's cov use.
    private static double Cov(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sum = 0;
        for (int i = 0; i < x.Length; i++) sum += (x[i] - mx) * (y[i] - my);
        return sum / (x.Length - 1);
    }

    // Linear interpolation between closest ranks, as numpy's default percentile.
    internal static double Percentile(List<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int low = (int)Math.Floor(position), high = Math.Min(sorted.Count - 1, low + 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
