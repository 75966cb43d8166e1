namespace MLCycle.Profiling.Scanning;

/// <summary>Receives rows field by field from a feed (a CSV chunk or a DuckDB query); one sink per worker, so no locking.</summary>
internal interface IRowSink
{
    /// <summary>Whether the sink reads this column at all; a feed may skip parsing columns nobody wants.</summary>
    bool Wants(int column);

    /// <param name="reference">The row's <see cref="RowReference"/>.</param>
    /// <param name="sampleKey">A number fixed by the row's place in the source (not by the chunking), which seeds its sampling priority.</param>
    void BeginRow(long reference, ulong sampleKey);

    void Number(int column, double value);

    /// <summary>A text value; in a column whose kind stores numbers, a value that did not read as one.</summary>
    void Text(int column, ReadOnlySpan<char> value);

    /// <summary>The same as <see cref="Text(int, ReadOnlySpan{char})"/> for a value still in UTF-8, as a file holds it.</summary>
    void Text(int column, ReadOnlySpan<byte> utf8);

    void Missing(int column);

    void EndRow();
}
