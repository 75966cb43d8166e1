namespace MLCycle.Profiling;

/// <summary>Counts of (left value, right value) pairs as a dense array, the values being codes 0..levels-1.</summary>
internal sealed class ContingencyTable(int rowLevels, int columnLevels)
{
    private readonly long[] _counts = new long[rowLevels * columnLevels];

    public int RowLevels { get; } = rowLevels;
    public int ColumnLevels { get; } = columnLevels;
    public long Total { get; private set; }

    public long this[int row, int column] => _counts[row * ColumnLevels + column];

    public void Add(int row, int column)
    {
        _counts[row * ColumnLevels + column]++;
        Total++;
    }

    public long[] RowTotals()
    {
        var totals = new long[RowLevels];
        for (var a = 0; a < RowLevels; a++)
            for (var b = 0; b < ColumnLevels; b++) totals[a] += this[a, b];
        return totals;
    }

    public long[] ColumnTotals()
    {
        var totals = new long[ColumnLevels];
        for (var a = 0; a < RowLevels; a++)
            for (var b = 0; b < ColumnLevels; b++) totals[b] += this[a, b];
        return totals;
    }
}
