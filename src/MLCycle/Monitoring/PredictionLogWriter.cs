using System.Collections.Concurrent;
using System.Threading.Channels;

namespace MLCycle.Monitoring;

/// <summary>Writes prediction log rows in the background, in transactions of at most <see cref="PredictionLogWriterOptions.MaxBatchSize"/>
/// rows, so a request never waits on the database. The queue holds one <see cref="PredictionLogBatch"/> per request (ADR 0061) and is
/// bounded in bytes; a batch that does not fit is dropped whole, its rows counted in <see cref="DroppedCount"/> and written to the log
/// per model and day, so whoever reads the log learns how much it could not see.</summary>
public sealed class PredictionLogWriter : IAsyncDisposable
{
    private readonly IPredictionLog log;
    private readonly PredictionLogWriterOptions options;
    private readonly Channel<PredictionLogBatch> channel;
    private readonly ConcurrentDictionary<(string Model, DateOnly Day), long> unrecordedDrops = new();
    private readonly Thread pump;
    private readonly TaskCompletionSource pumped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource closing = new();
    private long queuedBytes;
    private long queuedRows;
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
        // Unbounded in batches: the bound is the byte budget TryWrite keeps.
        channel = Channel.CreateUnbounded<PredictionLogBatch>(new UnboundedChannelOptions { SingleReader = true });
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.WriterNice);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(this.options.WriterNice, 19);
        // A thread of its own, not the pool's: its priority is lowered for good (ADR 0063), which a pool thread must never be.
        pump = new Thread(Pump) { IsBackground = true, Name = "mlcycle prediction log" };
        pump.Start();
    }

    /// <summary>Rows refused because the queue was full or the writer was closed.</summary>
    public long DroppedCount => Interlocked.Read(ref dropped);

    /// <summary>Rows the database accepted.</summary>
    public long WrittenCount => Interlocked.Read(ref written);

    /// <summary>Rows lost because the database refused their transaction.</summary>
    public long FailedCount => Interlocked.Read(ref failed);

    /// <summary>Rows queued and not yet written.</summary>
    public int QueuedCount => (int)Math.Min(int.MaxValue, Interlocked.Read(ref queuedRows));

    /// <summary>Measured bytes (<see cref="PredictionLogBatch.MeasuredBytes"/>) of the batches queued and not yet written in full.</summary>
    public long QueuedBytes => Interlocked.Read(ref queuedBytes);

    /// <summary>The byte budget of the queue (<see cref="PredictionLogWriterOptions.MaxQueuedBytes"/>).</summary>
    public long MaxQueuedBytes => options.MaxQueuedBytes;

    /// <summary>True once any row was dropped or failed since the process started: the log is incomplete, and health says so.</summary>
    public bool Degraded => DroppedCount + FailedCount > 0;

    /// <summary>The last error the database gave, if any transaction failed.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Queues the entry without waiting, as a batch of one; false (and counted as dropped) when the byte budget is spent.</summary>
    public bool TryWrite(PredictionLogEntry entry) => TryWrite(PredictionLogBatch.Of(entry));

    /// <summary>Queues the batch without waiting; the writer owns it from here. False when the byte budget is spent: then the whole
    /// batch is dropped and its rows counted, since a request's rows are logged all or none.</summary>
    public bool TryWrite(PredictionLogBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            batch.Release();
            return true;
        }
        var size = batch.MeasuredBytes;
        Interlocked.Add(ref queuedRows, batch.Count);
        if (Interlocked.Add(ref queuedBytes, size) <= options.MaxQueuedBytes && channel.Writer.TryWrite(batch))
        {
            return true;
        }
        Interlocked.Add(ref queuedBytes, -size);
        Interlocked.Add(ref queuedRows, -batch.Count);
        CountDropped(batch.ModelName, batch.Time, batch.Count);
        batch.Release();
        return false;
    }

    /// <summary>Counts <paramref name="rows"/> of <paramref name="modelName"/>'s predictions at <paramref name="time"/> as dropped
    /// without queueing anything, as a batch that did not fit is counted: for rows whose batch could not be built.</summary>
    public void CountDropped(string modelName, DateTimeOffset time, int rows)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        Interlocked.Add(ref dropped, rows);
        unrecordedDrops.AddOrUpdate((modelName, DateOnly.FromDateTime(time.UtcDateTime)), rows, (_, n) => n + rows);
    }

    /// <summary>Stops accepting rows and waits until everything queued is written.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }
        channel.Writer.TryComplete();
        await closing.CancelAsync().ConfigureAwait(false);
        await pumped.Task.ConfigureAwait(false);
        closing.Dispose();
    }

    private void Pump()
    {
        try
        {
            if (options.WriterNice > 0) BackgroundPriority.Lower(options.WriterNice);
            PumpBatches();
            pumped.SetResult();
        }
        catch (Exception ex)
        {
            pumped.SetException(ex);
        }
    }

    // Synchronous on purpose: an await would go on on a pool thread at the normal priority. The stores' async calls are waited
    // for here; SQLite's complete on this thread, PostgreSQL's do their I/O on the pool and their server work in its own process.
    private void PumpBatches()
    {
        var slices = new List<PredictionLogSlice>();
        var finished = new List<PredictionLogBatch>();
        // The batch a transaction took only part of: the next one goes on with its rows, in order.
        PredictionLogBatch? rest = null;
        var restStart = 0;
        while (rest is not null || WaitToRead())
        {
            if (rest is null) Linger();
            var rows = 0;
            while (rows < options.MaxBatchSize)
            {
                if (rest is null)
                {
                    if (!channel.Reader.TryRead(out rest)) break;
                    restStart = 0;
                }
                var take = Math.Min(rest.Count - restStart, options.MaxBatchSize - rows);
                slices.Add(new PredictionLogSlice(rest, restStart, take));
                rows += take;
                restStart += take;
                if (restStart == rest.Count)
                {
                    finished.Add(rest);
                    rest = null;
                }
            }
            Append(slices, rows);
            Interlocked.Add(ref queuedRows, -rows);
            foreach (var batch in finished)
            {
                Interlocked.Add(ref queuedBytes, -batch.MeasuredBytes);
                batch.Release();
            }
            slices.Clear();
            finished.Clear();
            RecordDrops();
        }
        RecordDrops();
    }

    private bool WaitToRead()
    {
        var ready = channel.Reader.WaitToReadAsync();
        return ready.IsCompleted ? ready.Result : ready.AsTask().GetAwaiter().GetResult();
    }

    private void Append(List<PredictionLogSlice> slices, int rows)
    {
        try
        {
            log.AppendRowsAsync(new PredictionLogRows(slices)).GetAwaiter().GetResult();
            Interlocked.Add(ref written, rows);
        }
        catch (Exception ex)
        {
            // The writer must outlive a database hiccup; the loss is counted and the error kept for health checks.
            Interlocked.Add(ref failed, rows);
            foreach (var (batch, _, count) in slices)
            {
                unrecordedDrops.AddOrUpdate((batch.ModelName, DateOnly.FromDateTime(batch.Time.UtcDateTime)), count, (_, n) => n + count);
            }
            LastError = ex;
        }
    }

    private void RecordDrops()
    {
        foreach (var key in unrecordedDrops.Keys)
        {
            if (!unrecordedDrops.TryRemove(key, out var rows) || rows == 0) continue;
            try
            {
                log.AddDroppedAsync(key.Model, key.Day, rows).GetAwaiter().GetResult();
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

    private void Linger()
    {
        if (options.Linger == TimeSpan.Zero || closing.IsCancellationRequested || Interlocked.Read(ref queuedRows) >= options.MaxBatchSize)
        {
            return;
        }
        // Closing cuts the wait short: what is queued is written now instead of after the linger.
        closing.Token.WaitHandle.WaitOne(options.Linger);
    }
}
