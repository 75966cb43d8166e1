namespace MLCycle.Monitoring;

/// <summary>Rows <paramref name="Start"/> to <paramref name="Start"/> + <paramref name="Count"/> of <paramref name="Batch"/>.</summary>
public readonly record struct PredictionLogSlice(PredictionLogBatch Batch, int Start, int Count);

/// <summary>The rows of one append (one transaction): slices of queued batches, in order.</summary>
public sealed class PredictionLogRows
{
    public PredictionLogRows(IReadOnlyList<PredictionLogSlice> slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        Slices = slices;
        Count = slices.Sum(s => s.Count);
    }

    public IReadOnlyList<PredictionLogSlice> Slices { get; }

    /// <summary>How many rows in all.</summary>
    public int Count { get; }

    /// <summary>The entries as rows, each a batch of one.</summary>
    public static PredictionLogRows Of(IReadOnlyList<PredictionLogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var slices = new PredictionLogSlice[entries.Count];
        for (var i = 0; i < slices.Length; i++) slices[i] = new PredictionLogSlice(PredictionLogBatch.Of(entries[i]), 0, 1);
        return new PredictionLogRows(slices);
    }

    /// <summary>The rows as entries with strings, for logs that keep entries (and tests).</summary>
    public List<PredictionLogEntry> ToEntries()
    {
        var entries = new List<PredictionLogEntry>(Count);
        foreach (var (batch, start, count) in Slices)
        {
            for (var r = start; r < start + count; r++) entries.Add(batch.Entry(r));
        }
        return entries;
    }
}
