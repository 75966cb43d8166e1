using System.Collections.Concurrent;
using System.Threading.Channels;

namespace MLCycle.Monitoring;

/// <summary>Writes prediction log entries in the background, in batches of one transaction each, so a request never waits on the
/// database. The queue is bounded in bytes; when it is full, entries are dropped, counted in <see cref="DroppedCount"/> and the count
/// is written to the log per model and day, so whoever reads the log learns how much it could not see.</summary>
public sealed class PredictionLogWriter : IAsyncDisposable
{
    private readonly IPredictionLog log;
    private readonly PredictionLogWriterOptions options;
    private readonly Channel<PredictionLogEntry> channel;
    private readonly ConcurrentDictionary<(string Model, DateOnly Day), long> unrecordedDrops = new();
    private readonly Task pump;
    private readonly CancellationTokenSource closing = new();
    private long queuedBytes;
    private long dropped;
    private long written;
    private long failed;
    private int disposed;

    public PredictionLogWriter(IPredictionLog log, PredictionLogWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        this.log = log;
        this.options = options ?? new PredictionLogWriterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxQueuedBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.Linger, TimeSpan.Zero);
        // Unbounded in entries: the bound is the byte budget TryWrite keeps. Not SingleReader: that variant cannot count its queue.
        channel = Channel.CreateUnbounded<PredictionLogEntry>();
        pump = Task.Run(PumpAsync);
    }

    /// <summary>Entries refused because the queue was full or the writer was closed.</summary>
    public long DroppedCount => Interlocked.Read(ref dropped);

    /// <summary>Entries the database accepted.</summary>
    public long WrittenCount => Interlocked.Read(ref written);

    /// <summary>Entries lost because the database refused their batch.</summary>
    public long FailedCount => Interlocked.Read(ref failed);

    /// <summary>Entries queued and not yet written.</summary>
    public int QueuedCount => channel.Reader.Count;

    /// <summary>Measured bytes of the entries queued and not yet written.</summary>
    public long QueuedBytes => Interlocked.Read(ref queuedBytes);

    /// <summary>The byte budget of the queue (<see cref="PredictionLogWriterOptions.MaxQueuedBytes"/>).</summary>
    public long MaxQueuedBytes => options.MaxQueuedBytes;

    /// <summary>True once any entry was dropped or failed since the process started: the log is incomplete, and health says so.</summary>
    public bool Degraded => DroppedCount + FailedCount > 0;

    /// <summary>The last error the database gave, if any batch failed.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Queues the entry without waiting; returns false (and counts it as dropped) when the queue's byte budget is spent.</summary>
    public bool TryWrite(PredictionLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var size = entry.MeasuredBytes;
        if (Interlocked.Add(ref queuedBytes, size) <= options.MaxQueuedBytes && channel.Writer.TryWrite(entry))
        {
            return true;
        }
        Interlocked.Add(ref queuedBytes, -size);
        Interlocked.Increment(ref dropped);
        unrecordedDrops.AddOrUpdate((entry.ModelName, DateOnly.FromDateTime(entry.Time.UtcDateTime)), 1, (_, n) => n + 1);
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
            long bytes = 0;
            while (batch.Count < options.MaxBatchSize && channel.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
                bytes += entry.MeasuredBytes;
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
                foreach (var group in batch.GroupBy(e => (e.ModelName, DateOnly.FromDateTime(e.Time.UtcDateTime))))
                {
                    unrecordedDrops.AddOrUpdate(group.Key, group.Count(), (_, n) => n + group.Count());
                }
                LastError = ex;
            }
            Interlocked.Add(ref queuedBytes, -bytes);
            batch.Clear();
            await RecordDropsAsync().ConfigureAwait(false);
        }
        await RecordDropsAsync().ConfigureAwait(false);
    }

    private async Task RecordDropsAsync()
    {
        foreach (var key in unrecordedDrops.Keys)
        {
            if (!unrecordedDrops.TryRemove(key, out var rows) || rows == 0) continue;
            try
            {
                await log.AddDroppedAsync(key.Model, key.Day, rows).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Kept for the next try; the in-memory counters already tell /metrics and /health.
                unrecordedDrops.AddOrUpdate(key, rows, (_, n) => n + rows);
                LastError = ex;
                return;
            }
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
