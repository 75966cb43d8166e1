namespace MLCycle.Profiling.Scanning;

/// <summary>
/// A row seen by a parallel worker before the rows of earlier chunks are counted: the chunk in the high bits and the
/// 0-based row within the chunk in the low 40 bits. <see cref="RowNumbering"/> turns it into a data row number.
/// </summary>
internal static class RowReference
{
    private const int Shift = 40;

    public static long Of(int chunk, long rowInChunk) => ((long)chunk << Shift) | rowInChunk;

    public static int Chunk(long reference) => (int)(reference >> Shift);

    public static long RowInChunk(long reference) => reference & ((1L << Shift) - 1);
}

/// <summary>The 1-based data row numbers of row references, once every chunk's row count is known.</summary>
internal sealed class RowNumbering(IReadOnlyList<long> rowsPerChunk)
{
    private readonly long[] _firstRow = FirstRows(rowsPerChunk);

    public long Number(long reference) => _firstRow[RowReference.Chunk(reference)] + RowReference.RowInChunk(reference) + 1;

    private static long[] FirstRows(IReadOnlyList<long> rows)
    {
        var first = new long[rows.Count];
        for (var i = 1; i < rows.Count; i++) first[i] = first[i - 1] + rows[i - 1];
        return first;
    }
}
