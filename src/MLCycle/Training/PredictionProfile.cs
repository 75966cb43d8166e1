using MLCycle.Data;
using MLCycle.Profiling;

namespace MLCycle.Training;

/// <summary>Profiles a model's own predictions: the reference for prediction drift.</summary>
public static class PredictionProfile
{
    public const string ColumnName = "prediction";
    private const int Bins = 10;

    /// <summary>Classification: predicted-label counts for every class (most frequent first); regression: stats and a 10-bin histogram.</summary>
    public static ColumnProfile Create(TaskKind task, IReadOnlyList<string> classes, IReadOnlyList<Prediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (task != TaskKind.Regression)
        {
            var counts = classes.ToDictionary(c => c, _ => 0L, StringComparer.Ordinal);
            foreach (var p in predictions) if (p.Label is { } label) counts[label] = counts.GetValueOrDefault(label) + 1;
            return new ColumnProfile
            {
                Name = ColumnName,
                Kind = ColumnKind.Categorical,
                Count = predictions.Count,
                Distinct = counts.Count(c => c.Value > 0),
                TopValues = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => new ValueCount(c.Key, c.Value)).ToList(),
            };
        }
        var values = predictions.Select(p => p.Value ?? double.NaN).Where(double.IsFinite).Order().ToArray();
        return new ColumnProfile
        {
            Name = ColumnName,
            Kind = ColumnKind.Numeric,
            Count = values.Length,
            Missing = predictions.Count - values.Length,
            Distinct = values.Distinct().Count(),
            Numeric = values.Length == 0 ? null : Stats(values),
            Histogram = values.Length == 0 ? null : Histogram(values),
        };
    }

    private static NumericStats Stats(double[] sorted)
    {
        var mean = sorted.Average();
        var std = Math.Sqrt(sorted.Sum(v => (v - mean) * (v - mean)) / sorted.Length);
        var percentiles = Enumerable.Range(0, 101).Select(p => Percentile(sorted, p / 100.0)).ToArray();
        return new NumericStats(sorted[0], sorted[^1], mean, std, percentiles);
    }

    // Linear interpolation between closest ranks.
    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    private static Histogram Histogram(double[] sorted)
    {
        double min = sorted[0], max = sorted[^1];
        var bins = max > min ? Bins : 1;
        var width = (max - min) / bins;
        var edges = Enumerable.Range(0, bins + 1).Select(i => i == bins ? max : min + i * width).ToArray();
        var counts = new long[bins];
        foreach (var v in sorted) counts[width > 0 ? Math.Min(bins - 1, (int)((v - min) / width)) : 0]++;
        return new Histogram(edges, counts);
    }
}
