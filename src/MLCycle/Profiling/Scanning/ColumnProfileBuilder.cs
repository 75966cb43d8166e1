using MLCycle.Data;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Turns a column's first-pass accumulator and the sample into its <see cref="ColumnProfile"/> (histogram aside, which
/// needs the second pass). When the sample holds every row, distinct counts, percentiles and top values are exact;
/// otherwise percentiles come from the sample and distinct counts from the tally or the HyperLogLog sketch.
/// </summary>
internal static class ColumnProfileBuilder
{
    public const int MaxTopValues = 50;
    public const int HistogramBins = 20;
    /// <summary>Numeric columns with at most this many distinct values also get top values.</summary>
    public const int NumericTopValuesMaxDistinct = 20;

    public static ColumnProfile Build(int column, ColumnInfo info, FirstPassResult pass)
    {
        var acc = pass.Columns[column];
        var numbers = TableColumn.StoresNumbers(info.Kind);
        var complete = pass.SampleIsComplete;
        var count = numbers ? acc.Moments.Count : acc.TextValues;
        long distinct;
        if (complete) distinct = numbers ? CountDistinct(pass.Sample.Sorted(column).Values) : pass.Sample.TextsOf(column).OfType<string>().Distinct(StringComparer.Ordinal).LongCount();
        else if (numbers) distinct = acc.Numbers?.Count ?? acc.Sketch.Estimate();
        else distinct = acc.TextsOverflowed ? acc.Sketch.Estimate() : acc.Texts.Count;
        distinct = Math.Min(distinct, count);
        NumericStats? stats = null;
        if (numbers && count > 0)
        {
            stats = new NumericStats(acc.Moments.Min, acc.Moments.Max, acc.Moments.Mean, acc.Moments.SampleStd, Percentiles(pass.Sample.Sorted(column).Values));
        }
        var wantsTop = count > 0 && (!numbers || distinct <= NumericTopValuesMaxDistinct);
        return new ColumnProfile
        {
            Name = info.Name,
            Kind = info.Kind,
            Count = count,
            Missing = pass.Rows - count,
            Distinct = distinct,
            Numeric = stats,
            TopValues = wantsTop ? TopValues(info, acc, pass, column) : [],
        };
    }

    /// <summary>The 0th..100th percentiles of sorted values, interpolated like DuckDB's <c>quantile_cont</c>.</summary>
    public static double[] Percentiles(double[] sorted)
    {
        if (sorted.Length == 0) return [];
        return Enumerable.Range(0, 101).Select(i => Quantile(sorted, i / 100.0)).ToArray();
    }

    public static double Quantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var (lo, hi) = ((int)Math.Floor(h), (int)Math.Ceiling(h));
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static long CountDistinct(double[] sorted)
    {
        long distinct = 0;
        for (var i = 0; i < sorted.Length; i++) if (i == 0 || sorted[i] != sorted[i - 1]) distinct++;
        return distinct;
    }

    private static List<ValueCount> TopValues(ColumnInfo info, ColumnAccumulator acc, FirstPassResult pass, int column)
    {
        if (TableColumn.StoresNumbers(info.Kind))
        {
            var counts = acc.Numbers?.Select(p => (p.Key, p.Value.Count))
                         ?? pass.Sample.Sorted(column).Values.GroupBy(v => v).Select(g => (g.Key, (long)g.Count()));
            return counts.OrderByDescending(p => p.Item2).ThenBy(p => p.Key).Take(MaxTopValues)
                .Select(p => new ValueCount(TableColumn.FromNumbers(info, [p.Key]).Format(0)!, p.Item2)).ToList();
        }
        // An overflowed tally misses values first seen late; with every row in the sample those are counted exactly there.
        var texts = !(acc.TextsOverflowed && pass.SampleIsComplete)
            ? acc.Texts.Select(p => (p.Key, p.Value.Count))
            : pass.Sample.TextsOf(column).OfType<string>().GroupBy(v => v, StringComparer.Ordinal).Select(g => (g.Key, (long)g.Count()));
        return texts.OrderByDescending(p => p.Item2).ThenBy(p => p.Key, StringComparer.Ordinal).Take(MaxTopValues)
            .Select(p => new ValueCount(p.Key, p.Item2)).ToList();
    }
}
