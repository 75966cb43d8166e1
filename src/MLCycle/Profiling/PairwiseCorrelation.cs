using System.Numerics;

namespace MLCycle.Profiling;

/// <summary>
/// Pearson's r of every pair of columns over the rows where both are present (pairwise deletion, as DuckDB's
/// <c>corr()</c>). Columns are centred on their means first, which keeps the variances free of cancellation, then one
/// sweep over the rows updates every pair's sums, vectorised across pairs; row ranges are summed in parallel and added up.
/// </summary>
internal static class PairwiseCorrelation
{
    private const int Sums = 6;   // n, sum x, sum y, sum x², sum y², sum xy

    /// <summary>r for every pair (a &lt; b), NaN when fewer than two rows pair up or either side has no spread there.</summary>
    public static double[,] All(IReadOnlyList<double[]> columns)
    {
        var k = columns.Count;
        var rows = k == 0 ? 0 : columns[0].Length;
        // Row-major: the centred value (0 where missing) and 1/0 for present/missing.
        var (z, m) = (new double[rows * k], new double[rows * k]);
        for (var c = 0; c < k; c++)
        {
            var values = columns[c];
            var present = values.Where(v => !double.IsNaN(v)).ToArray();
            var mean = present.Length > 0 ? present.Average() : 0;
            for (var r = 0; r < rows; r++)
            {
                if (double.IsNaN(values[r])) continue;
                var d = values[r] - mean;
                (z[r * k + c], m[r * k + c]) = (d, 1);
            }
        }
        var parts = Math.Max(1, Math.Min(Environment.ProcessorCount, rows / 10_000));
        var partial = new double[parts][];
        Parallel.For(0, parts, p => partial[p] = Sweep(z, m, k, rows * p / parts, rows * (p + 1) / parts));
        var result = new double[k, k];
        var size = k * k;
        for (var a = 0; a < k; a++)
            for (var b = a + 1; b < k; b++)
            {
                var at = a * k + b;
                double S(int i) => partial.Sum(s => s[i * size + at]);
                var n = S(0);
                var vxx = S(3) - S(1) * S(1) / n;
                var vyy = S(4) - S(2) * S(2) / n;
                var vxy = S(5) - S(1) * S(2) / n;
                result[a, b] = result[b, a] = n < 2 || vxx <= 0 || vyy <= 0 ? double.NaN : Math.Clamp(vxy / Math.Sqrt(vxx * vyy), -1, 1);
            }
        return result;
    }

    // For each row and each present column a, adds to every pair (a, b > a): the row counts when b is present (its mask),
    // so x-terms are weighted by b's mask while y-terms are already 0 where b is missing. Vectorised over b.
    private static double[] Sweep(double[] z, double[] m, int k, int from, int to)
    {
        var size = k * k;
        var sums = new double[Sums * size];
        var width = Vector<double>.Count;
        for (var r = from; r < to; r++)
        {
            var row = r * k;
            for (var a = 0; a < k; a++)
            {
                if (m[row + a] == 0) continue;
                var x = z[row + a];
                var xx = x * x;
                var (vx, vxx) = (new Vector<double>(x), new Vector<double>(xx));
                var b = a + 1;
                var at = a * k;
                for (; b <= k - width; b += width)
                {
                    var (mb, y) = (new Vector<double>(m, row + b), new Vector<double>(z, row + b));
                    Add(sums, 0 * size + at + b, mb);
                    Add(sums, 1 * size + at + b, vx * mb);
                    Add(sums, 2 * size + at + b, y);
                    Add(sums, 3 * size + at + b, vxx * mb);
                    Add(sums, 4 * size + at + b, y * y);
                    Add(sums, 5 * size + at + b, vx * y);
                }
                for (; b < k; b++)
                {
                    var (mb, y) = (m[row + b], z[row + b]);
                    sums[at + b] += mb;
                    sums[size + at + b] += x * mb;
                    sums[2 * size + at + b] += y;
                    sums[3 * size + at + b] += xx * mb;
                    sums[4 * size + at + b] += y * y;
                    sums[5 * size + at + b] += x * y;
                }
            }
        }
        return sums;
    }

    private static void Add(double[] sums, int at, Vector<double> value) => (new Vector<double>(sums, at) + value).CopyTo(sums, at);
}
