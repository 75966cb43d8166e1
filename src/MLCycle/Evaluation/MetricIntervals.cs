using MLCycle.Metrics;

namespace MLCycle.Evaluation;

/// <summary>Bootstrap intervals of test metrics: the test rows resampled with replacement (seeded) and every metric recomputed.</summary>
public static class MetricIntervals
{
    public const int Resamples = 1000;

    /// <summary>
    /// The interval of each of <paramref name="keys"/>; a metric undefined on a resample (one class drawn) is left out of that
    /// resample, and a metric undefined on every resample gets no interval.
    /// </summary>
    public static IReadOnlyDictionary<string, MetricInterval> Bootstrap(
        int rows, Func<IReadOnlyList<int>, EvaluationResult> evaluate, IReadOnlyCollection<string> keys, int seed, int resamples = Resamples)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(keys);
        var values = keys.ToDictionary(k => k, _ => new List<double>(resamples), StringComparer.Ordinal);
        if (rows < 2) return new Dictionary<string, MetricInterval>();
        var random = new Random(seed);
        var sample = new int[rows];
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < rows; i++) sample[i] = random.Next(rows);
            var result = evaluate(sample);
            foreach (var (key, list) in values)
                if (result.Metrics.TryGetValue(key, out double v) && double.IsFinite(v)) list.Add(v);
        }
        return values.Where(v => v.Value.Count > 0).ToDictionary(v => v.Key, v =>
        {
            v.Value.Sort();
            return new MetricInterval(PairedComparison.Percentile(v.Value, 0.025), PairedComparison.Percentile(v.Value, 0.975), v.Value.Count);
        }, StringComparer.Ordinal);
    }
}
