namespace MLCycle.Monitoring;

/// <summary>How the background prediction log writer buffers and batches entries.</summary>
public sealed record PredictionLogWriterOptions
{
    /// <summary>Entries held in memory while the database catches up; beyond this, new entries are dropped and counted.</summary>
    public int Capacity { get; init; } = 10_000;

    /// <summary>The most entries written in one transaction.</summary>
    public int MaxBatchSize { get; init; } = 500;
}
