namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Receives rows field by field from a feed (a CSV chunk or a DuckDB query); one sink per worker, so no locking.
/// An abstract class rather than an interface: the feeds call it for every field of both passes, and a virtual call there
/// is cheaper than interface dispatch at a call site that sees several sink types.
/// </summary>
internal abstract class RowSink
{
    /// <summary>Whether the sink reads this column at all; a feed may skip parsing columns nobody wants.</summary>
    public abstract bool Wants(int column);

    /// <param name="reference">The row's <see cref="RowReference"/>.</param>
    /// <param name="sampleKey">A number fixed by the row's place in the source (not by the chunking), which seeds its sampling priority.</param>
    public abstract void BeginRow(long reference, ulong sampleKey);

    public abstract void Number(int column, double value);

    /// <summary>A text value; in a column whose kind stores numbers, a value that did not read as one.</summary>
    public abstract void Text(int column, ReadOnlySpan<char> value);

    /// <summary>The same as <see cref="Text(int, ReadOnlySpan{char})"/> for a value still in UTF-8, as a file holds it.</summary>
    public abstract void Text(int column, ReadOnlySpan<byte> utf8);

    public abstract void Missing(int column);

    public abstract void EndRow();
}
