namespace MLCycle.Profiling.Scanning;

/// <summary>
/// A numeric column's present sample values sorted once, with the sample row each came from: percentiles, the median
/// absolute deviation and Spearman ranks all read this one sort.
/// </summary>
internal sealed class SortedSample
{
    private readonly int _rows;

    public SortedSample(double[] values)
    {
        _rows = values.Length;
        var order = new int[values.Length];
        var count = 0;
        for (var i = 0; i < values.Length; i++) if (!double.IsNaN(values[i])) order[count++] = i;
        Order = order[..count];
        Values = new double[count];
        for (var k = 0; k < count; k++) Values[k] = values[Order[k]];
        RadixSort.Sort(Values, Order);
    }

    /// <summary>The present values, ascending.</summary>
    public double[] Values { get; }

    /// <summary>The sample row of each value in <see cref="Values"/>.</summary>
    public int[] Order { get; }

    /// <summary>The p-quantile, interpolated like DuckDB's <c>quantile_cont</c>; NaN without values.</summary>
    public double Quantile(double p) => Values.Length == 0 ? double.NaN : ColumnProfileBuilder.Quantile(Values, p);

    /// <summary>
    /// The median of |x - centre|, without sorting the deviations: walking outwards from the centre meets them in
    /// ascending order, so the two middle ones are found in one walk.
    /// </summary>
    public double MedianAbsoluteDeviation(double centre)
    {
        var n = Values.Length;
        if (n == 0) return double.NaN;
        var h = (n - 1) * 0.5;
        var (lo, hi) = ((int)Math.Floor(h), (int)Math.Ceiling(h));
        var right = Array.BinarySearch(Values, centre);
        if (right < 0) right = ~right;
        else while (right > 0 && Values[right - 1] >= centre) right--;
        var left = right - 1;
        double atLo = double.NaN, atHi = double.NaN;
        for (var k = 0; k <= hi; k++)
        {
            double next;
            if (left < 0 || (right < n && Values[right] - centre <= centre - Values[left])) next = Values[right++] - centre;
            else next = centre - Values[left--];
            if (k == lo) atLo = next;
            if (k == hi) atHi = next;
        }
        return atLo + (h - lo) * (atHi - atLo);
    }

    /// <summary>Average ranks (1-based) by sample row, ties sharing the mean of their ranks; NaN where the value is missing.</summary>
    public double[] Ranks()
    {
        var ranks = new double[_rows];
        Array.Fill(ranks, double.NaN);
        for (var start = 0; start < Values.Length;)
        {
            var end = start;
            while (end + 1 < Values.Length && Values[end + 1] == Values[start]) end++;
            var rank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++) ranks[Order[k]] = rank;
            start = end + 1;
        }
        return ranks;
    }
}
