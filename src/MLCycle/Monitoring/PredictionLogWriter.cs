using System.Threading.Channels;

namespace MLCycle.Monitoring;

/// <summary>Writes prediction log entries in the background, in batches of one transaction each, so a request never waits on the
/// database. When the buffer is full, entries are dropped and counted in <see cref="DroppedCount"/>, never silently.</summary>
public sealed class PredictionLogWriter : IAsyncDisposable
{
    private readonly IPredictionLog log;
    private readonly PredictionLogWriterOptions options;
    private readonly Channel<PredictionLogEntry> channel;
    private readonly Task pump;
    private readonly CancellationTokenSource closing = new();
    private long dropped;
    private long written;
    private long failed;
    private int disposed;

    public PredictionLogWriter(IPredictionLog log, PredictionLogWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        this.log = log;
        this.options = options ?? new PredictionLogWriterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.Capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.Linger, TimeSpan.Zero);
        channel = Channel.CreateBounded<PredictionLogEntry>(new BoundedChannelOptions(this.options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        pump = Task.Run(PumpAsync);
    }

    /// <summary>Entries refused because the buffer was full or the writer was closed.</summary>
    public long DroppedCount => Interlocked.Read(ref dropped);

    /// <summary>Entries the database accepted.</summary>
    public long WrittenCount => Interlocked.Read(ref written);

    /// <summary>Entries lost because the database refused their batch.</summary>
    public long FailedCount => Interlocked.Read(ref failed);

    /// <summary>Entries queued and not yet written.</summary>
    public int QueuedCount => channel.Reader.Count;

    /// <summary>The last error the database gave, if any batch failed.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Queues the entry without waiting; returns false (and counts it as dropped) when the buffer is full.</summary>
    public bool TryWrite(PredictionLogEntry entry)
    {
        // FullMode.Wait makes TryWrite fail instead of evicting older entries, so the count stays exact.
        if (channel.Writer.TryWrite(entry))
        {
            return true;
        }
        Interlocked.Increment(ref dropped);
        return false;
    }

    /// <summary>Stops accepting entries and waits until everything queued is written.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }
        channel.Writer.TryComplete();
        await closing.CancelAsync().ConfigureAwait(false);
        await pump.ConfigureAwait(false);
        closing.Dispose();
    }

    private async Task PumpAsync()
    {
        var batch = new List<PredictionLogEntry>(options.MaxBatchSize);
        while (await channel.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await LingerAsync().ConfigureAwait(false);
            while (batch.Count < options.MaxBatchSize && channel.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }
            try
            {
                await log.AppendAsync(batch).ConfigureAwait(false);
                Interlocked.Add(ref written, batch.Count);
            }
            catch (Exception ex)
            {
                // The writer must outlive a database hiccup; the loss is counted and the error kept for health checks.
                Interlocked.Add(ref failed, batch.Count);
                LastError = ex;
            }
            batch.Clear();
        }
    }

    private async Task LingerAsync()
    {
        if (options.Linger == TimeSpan.Zero || closing.IsCancellationRequested || channel.Reader.Count >= options.MaxBatchSize)
        {
            return;
        }
        try
        {
            await Task.Delay(options.Linger, closing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Closing: write what is queued now instead of waiting out the linger.
        }
    }
}
