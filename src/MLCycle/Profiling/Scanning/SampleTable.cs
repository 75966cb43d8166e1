namespace MLCycle.Profiling.Scanning;

/// <summary>
/// The merged row sample, in source order and stored column by column: numbers for columns whose kind stores numbers
/// (NaN where missing or not a number), texts for the others (null where missing). Row i of the sample is data row
/// <c>Rows[i]</c>.
/// </summary>
internal sealed class SampleTable(long[] rows, ulong[] priorities, double[]?[] numbers, string?[]?[] texts)
{
    private readonly Lazy<SortedSample>[] _sorted = numbers.Select((_, c) => new Lazy<SortedSample>(() => new SortedSample(numbers[c] ?? []))).ToArray();

    public int Count => rows.Length;

    /// <summary>The 1-based data row of each sampled row.</summary>
    public IReadOnlyList<long> Rows => rows;

    /// <summary>Each sampled row's sampling priority; the rows with the smallest are a uniform sample of the sample.</summary>
    public IReadOnlyList<ulong> Priorities => priorities;

    public double Number(int row, int column) => numbers[column] is { } values ? values[row] : double.NaN;

    public string? Text(int row, int column) => texts[column]?[row];

    /// <summary>A number column's values in sample order (shared, not a copy: do not change it).</summary>
    public double[] NumbersOf(int column) => numbers[column] ?? Enumerable.Repeat(double.NaN, Count).ToArray();

    /// <summary>A number column's present values sorted, computed once and shared by whoever needs them (thread-safe).</summary>
    public SortedSample Sorted(int column) => _sorted[column].Value;

    /// <summary>A text column's values in sample order (shared, not a copy).</summary>
    public string?[] TextsOf(int column) => texts[column] ?? new string?[Count];
}
