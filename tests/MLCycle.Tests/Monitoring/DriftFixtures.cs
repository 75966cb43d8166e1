using MLCycle.Data;
using MLCycle.Profiling;

namespace MLCycle.Tests.Monitoring;

/// <summary>Builds reference profiles and current tables by hand, the way the profiler would store them.</summary>
internal static class DriftFixtures
{
    /// <summary>A numeric profile whose 101 percentiles are computed by linear interpolation (numpy's default).</summary>
    public static ColumnProfile NumericProfile(string name, double[] values, ColumnKind kind = ColumnKind.Numeric)
    {
        var present = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        var percentiles = Enumerable.Range(0, 101).Select(p => Percentile(present, p)).ToArray();
        return new ColumnProfile
        {
            Name = name,
            Kind = kind,
            Count = present.Length,
            Missing = values.Length - present.Length,
            Numeric = new NumericStats(present[0], present[^1], present.Average(), 0, percentiles),
        };
    }

    /// <summary>A numeric profile from given percentiles.</summary>
    public static ColumnProfile PercentileProfile(string name, double[] percentiles, long count, long missing = 0) => new()
    {
        Name = name,
        Kind = ColumnKind.Numeric,
        Count = count,
        Missing = missing,
        Numeric = new NumericStats(percentiles[0], percentiles[100], 0, 0, percentiles),
    };

    public static ColumnProfile CategoricalProfile(string name, long missing, params (string Value, long Count)[] top) => new()
    {
        Name = name,
        Kind = ColumnKind.Categorical,
        Count = top.Sum(t => t.Count),
        Missing = missing,
        TopValues = top.Select(t => new ValueCount(t.Value, t.Count)).ToList(),
    };

    public static TableColumn Numbers(string name, double[] values, ColumnKind kind = ColumnKind.Numeric) =>
        TableColumn.FromNumbers(new ColumnInfo(name, kind, "DOUBLE"), values);

    public static TableColumn Strings(string name, params string?[] values) =>
        TableColumn.FromStrings(new ColumnInfo(name, ColumnKind.Categorical, "VARCHAR"), values);

    /// <summary>Values repeated: ("a", 3), ("b", 1) -> a, a, a, b.</summary>
    public static string?[] Repeat(params (string? Value, int Times)[] parts) =>
        parts.SelectMany(p => Enumerable.Repeat(p.Value, p.Times)).ToArray();

    public static double[] Normal(int n, double mean, double sd, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            // Box-Muller transform.
            var u1 = 1 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return values;
    }

    /// <summary>Percentiles 0..100 of a uniform distribution on [0, 100]: p[i] = i.</summary>
    public static double[] UniformPercentiles() => Enumerable.Range(0, 101).Select(i => (double)i).ToArray();

    private static double Percentile(double[] sorted, int p)
    {
        var position = (sorted.Length - 1) * p / 100.0;
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
    }
}
