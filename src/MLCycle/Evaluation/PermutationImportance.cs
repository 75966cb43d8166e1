using MLCycle.Data;
using MLCycle.Metrics;

namespace MLCycle.Evaluation;

/// <summary>How one input column's shuffling hurt the model: the drop of the ranking metric, mean and sample sd over the repeats.</summary>
public sealed record FeatureImportance(string Column, double Mean, double Sd);

/// <summary>Options of <see cref="PermutationImportance"/>.</summary>
public sealed record ImportanceOptions
{
    /// <summary>How many times each column is shuffled; the importance is the mean drop, with its sd.</summary>
    public int Repeats { get; init; } = 5;
    /// <summary>The most rows scored per shuffle; more are sampled down (seeded).</summary>
    public int MaxRows { get; init; } = 5_000;
    /// <summary>The most cells (rows x columns) scored per repeat on wide data; rows shrink to fit, never below <see cref="MinRows"/>.</summary>
    public int MaxCells { get; init; } = 500_000;
    /// <summary>The fewest rows kept when <see cref="MaxCells"/> shrinks the sample.</summary>
    public int MinRows { get; init; } = 500;
    public int Seed { get; init; } = 1;
}

/// <summary>
/// Permutation feature importance (Breiman 2001; scikit-learn's <c>permutation_importance</c>): per input column, its values are
/// shuffled across the rows (seeded) and the rows re-scored through the model's own scoring; the importance is how much the
/// ranking metric got worse (score before minus after for a higher-is-better metric such as auc, after minus before for an error
/// such as rmse), so a column the model relies on has a large positive mean and a column it ignores one near 0.
/// </summary>
/// <remarks>
/// Columns are named as the caller sends them (input columns, never one-hot slots or hashed buckets). The cost is capped: at most
/// <see cref="ImportanceOptions.MaxRows"/> rows, fewer on wide data so rows x columns stays within <see cref="ImportanceOptions.MaxCells"/>
/// (never under <see cref="ImportanceOptions.MinRows"/>), sampled with the seed. Columns are scored in parallel, so the scorer must be thread-safe.
/// </remarks>
public static class PermutationImportance
{
    /// <summary>Importance of each of <paramref name="columns"/>, largest mean first; <paramref name="evaluate"/> scores a table and returns its metrics.</summary>
    public static IReadOnlyList<FeatureImportance> Compute(
        Table rows, IReadOnlyList<string> columns, Func<Table, EvaluationResult> evaluate, MetricDirection metric, ImportanceOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(metric);
        options ??= new ImportanceOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Repeats, 1);
        var sample = Sample(rows, columns.Count, options);
        double baseline = Score(evaluate(sample), metric);
        var result = new FeatureImportance[columns.Count];
        Parallel.For(0, columns.Count, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount }, c =>
        {
            var drops = new double[options.Repeats];
            for (int r = 0; r < options.Repeats; r++)
            {
                // Seeded per column and repeat, so the result does not depend on which thread runs first.
                var shuffled = Shuffle(sample, columns[c], new Random(RepeatSeed(options.Seed, c, r)));
                double score = Score(evaluate(shuffled), metric);
                drops[r] = metric.HigherIsBetter ? baseline - score : score - baseline;
            }
            double mean = drops.Average();
            double sd = drops.Length < 2 ? 0 : Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / (drops.Length - 1));
            result[c] = new FeatureImportance(columns[c], mean, sd);
        });
        return [.. result.OrderByDescending(f => f.Mean).ThenBy(f => f.Column, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The seed of one column's repeat. Not <c>HashCode.Combine</c>: its hashes are randomised per process, which made the
    /// importance differ from run to run.
    /// </summary>
    private static int RepeatSeed(int seed, int column, int repeat) => unchecked((seed * 1_000_003) ^ (column * 7_919) ^ (repeat * 104_729));

    /// <summary>The rows scored: all of them, or a seeded sample within the caps.</summary>
    public static Table Sample(Table rows, int columns, ImportanceOptions options)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        int cap = Math.Min(options.MaxRows, Math.Max(options.MinRows, options.MaxCells / Math.Max(1, columns)));
        if (rows.RowCount <= cap) return rows;
        var picked = Enumerable.Range(0, rows.RowCount).ToArray();
        new Random(options.Seed).Shuffle(picked);
        Array.Sort(picked, 0, cap);
        return rows.Take(picked[..cap]);
    }

    private static Table Shuffle(Table table, string column, Random random)
    {
        var order = Enumerable.Range(0, table.RowCount).ToArray();
        random.Shuffle(order);
        return new Table(table.Columns.Select(c => c.Name == column ? c.Take(order) : c).ToList());
    }

    private static double Score(EvaluationResult result, MetricDirection metric) =>
        result.Metrics.TryGetValue(metric.Key, out double value) && !double.IsNaN(value) ? value
            : throw new MLCycleException(ErrorKind.BadSpec, $"Metric '{metric.Key}' is not defined on these rows, so permutation importance cannot be measured by it.");
}
