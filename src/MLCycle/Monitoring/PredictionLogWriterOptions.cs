namespace MLCycle.Monitoring;

/// <summary>How the background prediction log writer buffers and batches entries.</summary>
public sealed record PredictionLogWriterOptions
{
    /// <summary>Entries held in memory while the database catches up; beyond this, new entries are dropped and counted.</summary>
    public int Capacity { get; init; } = 10_000;

    /// <summary>The most entries written in one transaction.</summary>
    public int MaxBatchSize { get; init; } = 500;

    /// <summary>How long the writer waits for a batch to fill after its first entry, so light traffic makes few transactions.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(100);
}
