using System.Numerics;
using System.Runtime.CompilerServices;

namespace MLCycle.Profiling;

/// <summary>
/// Pearson's r of every pair of columns over the rows where both are present (pairwise deletion, as DuckDB's
/// <c>corr()</c>). Columns are centred on their means first, which keeps the variances free of cancellation. Every
/// pair's sums are dot products of a column's centred values (0 where missing), their squares and its presence mask
/// (1/0); they are taken over blocks of rows small enough to stay in cache, blocks split between cores.
/// </summary>
internal static class PairwiseCorrelation
{
    private const int Block = 512;
    private const int Sums = 6;   // n, sum x, sum y, sum x², sum y², sum xy

    /// <summary>r for every pair (a &lt; b), NaN when fewer than two rows pair up or either side has no spread there.</summary>
    public static double[,] All(IReadOnlyList<double[]> columns)
    {
        var k = columns.Count;
        var rows = k == 0 ? 0 : columns[0].Length;
        var means = columns.Select(Mean).ToArray();
        var blocks = (rows + Block - 1) / Block;
        var parts = Math.Max(1, Math.Min(Environment.ProcessorCount, blocks / 8));
        var partial = new double[parts][];
        Parallel.For(0, parts, p => partial[p] = Sweep(columns, means, blocks * p / parts, blocks * (p + 1) / parts));
        var result = new double[k, k];
        for (var a = 0; a < k; a++)
            for (var b = a + 1; b < k; b++)
            {
                var at = (a * k + b) * Sums;
                double S(int i) => partial.Sum(s => s[at + i]);
                var n = S(0);
                var vxx = S(3) - S(1) * S(1) / n;
                var vyy = S(4) - S(2) * S(2) / n;
                var vxy = S(5) - S(1) * S(2) / n;
                result[a, b] = result[b, a] = n < 2 || vxx <= 0 || vyy <= 0 ? double.NaN : Math.Clamp(vxy / Math.Sqrt(vxx * vyy), -1, 1);
            }
        return result;
    }

    private static double Mean(double[] values)
    {
        double sum = 0;
        var count = 0;
        foreach (var v in values)
            if (!double.IsNaN(v))
                (sum, count) = (sum + v, count + 1);
        return count > 0 ? sum / count : 0;
    }

    // Sums for every pair over the blocks [from, to), each block first laid out as centred values, squares and masks.
    private static double[] Sweep(IReadOnlyList<double[]> columns, double[] means, int from, int to)
    {
        var k = columns.Count;
        var rows = columns[0].Length;
        var sums = new double[k * k * Sums];
        var (z, q, m) = (new double[k * Block], new double[k * Block], new double[k * Block]);
        for (var block = from; block < to; block++)
        {
            var start = block * Block;
            var length = Math.Min(Block, rows - start);
            for (var c = 0; c < k; c++) Lay(columns[c].AsSpan(start, length), means[c], c * Block, z, q, m);
            for (var a = 0; a < k; a++)
                for (var b = a + 1; b < k; b++)
                    Dot(z, q, m, a * Block, b * Block, length, sums.AsSpan((a * k + b) * Sums, Sums));
        }
        return sums;
    }

    private static void Lay(ReadOnlySpan<double> values, double mean, int at, double[] z, double[] q, double[] m)
    {
        for (var r = 0; r < values.Length; r++)
        {
            var present = !double.IsNaN(values[r]);
            var d = present ? values[r] - mean : 0;
            (z[at + r], q[at + r], m[at + r]) = (d, d * d, present ? 1 : 0);
        }
    }

    // The six sums of pair (a, b): x-terms are weighted by b's mask, y-terms by a's, and z is already 0 where missing.
    // Vector<T> code is never precompiled (its width is the machine's), so without this every process ran the first
    // correlation sweeps as unoptimised tier-0 code, with a call per vector load.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot(double[] z, double[] q, double[] m, int a, int b, int length, Span<double> sums)
    {
        var width = Vector<double>.Count;
        Vector<double> n = default, sx = default, sy = default, sxx = default, syy = default, sxy = default;
        var r = 0;
        for (; r <= length - width; r += width)
        {
            var (ma, mb) = (new Vector<double>(m, a + r), new Vector<double>(m, b + r));
            var (za, zb) = (new Vector<double>(z, a + r), new Vector<double>(z, b + r));
            n += ma * mb;
            sx += za * mb;
            sy += ma * zb;
            sxx += new Vector<double>(q, a + r) * mb;
            syy += ma * new Vector<double>(q, b + r);
            sxy += za * zb;
        }
        double tn = Vector.Sum(n), tx = Vector.Sum(sx), ty = Vector.Sum(sy), txx = Vector.Sum(sxx), tyy = Vector.Sum(syy), txy = Vector.Sum(sxy);
        for (; r < length; r++)
        {
            var (ma, mb, za, zb) = (m[a + r], m[b + r], z[a + r], z[b + r]);
            (tn, tx, ty, txx, tyy, txy) = (tn + ma * mb, tx + za * mb, ty + ma * zb, txx + q[a + r] * mb, tyy + ma * q[b + r], txy + za * zb);
        }
        sums[0] += tn;
        sums[1] += tx;
        sums[2] += ty;
        sums[3] += txx;
        sums[4] += tyy;
        sums[5] += txy;
    }
}
