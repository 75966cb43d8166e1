namespace MLCycle.Profiling.Scanning;

/// <summary>A test counted over one numeric column in the second pass (e.g. "outside the IQR fences"), with its first rows.</summary>
internal sealed class NumberProbe(int column, Func<double, bool> test)
{
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

    public NumberProbe Fresh() => new(Column, Test);

    public void Merge(NumberProbe other)
    {
        Count += other.Count;
        Rows.Merge(other.Rows);
    }
}
