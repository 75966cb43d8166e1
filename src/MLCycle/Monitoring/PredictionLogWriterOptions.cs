namespace MLCycle.Monitoring;

/// <summary>How the background prediction log writer buffers and batches entries.</summary>
public sealed record PredictionLogWriterOptions
{
    /// <summary>Bytes of entries (<see cref="PredictionLogEntry.MeasuredBytes"/>) held in memory while the database catches up; beyond
    /// this, new entries are dropped and counted. Bytes, not entries: a count lets a few huge rows take the process's memory.</summary>
    public long MaxQueuedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>The most entries written in one transaction.</summary>
    public int MaxBatchSize { get; init; } = 2_000;

    /// <summary>How long the writer waits for a batch to fill after its first entry, so light traffic makes few transactions.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(100);
}
