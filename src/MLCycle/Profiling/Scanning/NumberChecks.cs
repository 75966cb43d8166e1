using System.Runtime.CompilerServices;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Counts a numeric column needs for the value checks, taken as the rows go by: each missing-value code (-999, 9999, ...)
/// and the range of the other values; negatives, values above 100 and within 0..100; and values after <see cref="Now"/>.
/// </summary>
internal sealed class NumberChecks(double now)
{
    private static readonly double[] Codes = ValueIssueDetector.NumericSentinels;

    public double Now { get; } = now;
    public readonly long[] CodeCounts = new long[Codes.Length];
    public readonly RowExamples[] CodeRows = Codes.Select(_ => new RowExamples()).ToArray();
    public double OtherMin = double.PositiveInfinity;
    public double OtherMax = double.NegativeInfinity;
    public long Negative;
    public long Over100;
    public long Within0To100;
    public long Future;
    public readonly RowExamples NegativeRows = new();
    public readonly RowExamples Over100Rows = new();
    public readonly RowExamples FutureRows = new();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per value: optimised at once, as tier-up lags while every core scans
    public void Add(long row, double x)
    {
        // Every code is <= -1 or >= 9999, so most values need no search.
        var code = x <= -1 || x >= 9999 ? Array.IndexOf(Codes, x) : -1;
        if (code >= 0)
        {
            CodeCounts[code]++;
            if (!CodeRows[code].Full) CodeRows[code].Add(row, x);
        }
        else
        {
            if (x < OtherMin) OtherMin = x;
            if (x > OtherMax) OtherMax = x;
        }
        if (x < 0)
        {
            Negative++;
            if (!NegativeRows.Full) NegativeRows.Add(row, x);
        }
        else if (x <= 100) Within0To100++;
        else
        {
            Over100++;
            if (!Over100Rows.Full) Over100Rows.Add(row, x);
        }
        if (x > Now)
        {
            Future++;
            if (!FutureRows.Full) FutureRows.Add(row, x);
        }
    }

    public void Merge(NumberChecks other)
    {
        for (var i = 0; i < Codes.Length; i++)
        {
            CodeCounts[i] += other.CodeCounts[i];
            CodeRows[i].Merge(other.CodeRows[i]);
        }
        OtherMin = Math.Min(OtherMin, other.OtherMin);
        OtherMax = Math.Max(OtherMax, other.OtherMax);
        (Negative, Over100, Within0To100, Future) = (Negative + other.Negative, Over100 + other.Over100, Within0To100 + other.Within0To100, Future + other.Future);
        NegativeRows.Merge(other.NegativeRows);
        Over100Rows.Merge(other.Over100Rows);
        FutureRows.Merge(other.FutureRows);
    }

    public void Resolve(RowNumbering numbering)
    {
        foreach (var rows in CodeRows) rows.Resolve(numbering);
        NegativeRows.Resolve(numbering);
        Over100Rows.Resolve(numbering);
        FutureRows.Resolve(numbering);
    }
}
