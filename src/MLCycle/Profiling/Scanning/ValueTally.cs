namespace MLCycle.Profiling.Scanning;

/// <summary>How often one value occurs, and the first rows it occurs in (for examples of issues about that value).</summary>
internal sealed class ValueTally
{
    public long Count;
    public readonly RowExamples Rows = new();

    public void Merge(ValueTally other)
    {
        Count += other.Count;
        Rows.Merge(other.Rows);
    }
}
