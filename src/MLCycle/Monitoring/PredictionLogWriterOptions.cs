namespace MLCycle.Monitoring;

/// <summary>How the background prediction log writer buffers and batches entries.</summary>
public sealed record PredictionLogWriterOptions
{
    /// <summary>Bytes of queued batches (<see cref="PredictionLogBatch.MeasuredBytes"/>) held in memory while the database catches up;
    /// beyond this, new batches are dropped whole and their rows counted. Bytes, not rows: a count lets a few huge rows take the process's memory.</summary>
    public long MaxQueuedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>The most rows written in one transaction (a larger batch is split across transactions, in order).</summary>
    public int MaxBatchSize { get; init; } = 2_000;

    /// <summary>How long the writer waits for a batch to fill after its first entry, so light traffic makes few transactions.</summary>
    /// <remarks>Short on purpose (ADR 0049): a flush holds a core and its batch stays alive until written, so a 100 ms linger made
    /// a flush of ~700 rows (several ms) that the requests it ran beside waited behind, and gen-0 collections that copied the
    /// queue; 10 ms keeps each flush to tens of rows at single-row serving rates, for ten times the (cheap, WAL) commits.</remarks>
    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The nice value (0 to 19) of the writer's thread on Linux, so that writing the log takes the cores only when the
    /// requests beside it leave them (docs/adr/0063; 19, the lowest, since docs/adr/0068); 0 keeps the process's priority. Large
    /// requests are refused while the log is behind (docs/adr/0060), so a writer that gets less CPU under overload slows admission
    /// down instead of losing rows.</summary>
    public int WriterNice { get; init; } = 19;
}
