namespace MLCycle.Profiling.Scanning;

/// <summary>A test counted over one numeric column in the second pass (e.g. "outside the IQR fences"), with its first rows.</summary>
internal sealed class NumberProbe(int column, Func<double, bool> test, double safeLow = double.NaN, double safeHigh = double.NaN)
{
    /// <summary>Values in [SafeLow, SafeHigh] never pass the test, so the pass can skip it for them (NaN: no such range).</summary>
    public double SafeLow { get; } = safeLow;
    public double SafeHigh { get; } = safeHigh;

    public int Column { get; } = column;
    public Func<double, bool> Test { get; } = test;
    public long Count;
    public readonly RowExamples Rows = new();

    public void Add(long row, double x)
    {
        if (!Test(x)) return;
        Count++;
        if (!Rows.Full) Rows.Add(row, x);
    }

    public NumberProbe Fresh() => new(Column, Test, SafeLow, SafeHigh);

    public void Merge(NumberProbe other)
    {
        Count += other.Count;
        Rows.Merge(other.Rows);
    }
}
