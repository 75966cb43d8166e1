namespace MLCycle.Server.Apis;

/// <summary>
/// Builds answered requests' log rows (<see cref="IPendingLog.Write"/>) and then gives their rows back, beside the connection's next
/// request instead of before it (ADR 0073). Kestrel waits for a response's completion callbacks before it reads the next request on
/// the same connection, so a client sending 10,000-row requests one after another waited for each one's log rows (8–16 ms) before
/// its next request was even read.
/// </summary>
/// <remarks>Small requests are built on the callback's thread: their rows cost less than the hop to another thread. At most
/// <see cref="Environment.ProcessorCount"/> builds run elsewhere at once; past that a build runs on the callback's thread as before,
/// which holds its connection back, so the rows kept alive for builds stay bounded while admission already counts the next requests.
/// Disposed before the log writer (created after it), it waits for the builds it started, so their rows are queued before the
/// writer flushes.</remarks>
internal sealed class LogRowBuilds(ILogger<LogRowBuilds> logger) : IAsyncDisposable
{
    /// <summary>Rows at and past which a build leaves the callback's thread.</summary>
    internal const int OffloadFrom = 256;

    private readonly int limit = Environment.ProcessorCount;
    // Set by whichever thread brings the count to zero once closing is set: DisposeAsync waits on it instead of polling.
    private readonly TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int running;
    private int closing;

    /// <summary>Builds running elsewhere now (for tests).</summary>
    internal int Running => Volatile.Read(ref running);

    /// <summary>Writes <paramref name="log"/> (null: nothing to log), then disposes <paramref name="rows"/>: on this thread for a
    /// small or a late one, else on the thread pool.</summary>
    public void WriteThenRelease(IPendingLog? log, IDisposable rows)
    {
        if (log is null || log.Count < OffloadFrom || !TryStart())
        {
            Run(log, rows);
            return;
        }
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Builds.RunStarted(state.Log, state.Rows), (Builds: this, Log: log, Rows: rows), preferLocal: false);
    }

    /// <summary>Takes no more builds off their threads and waits for those running.</summary>
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref closing, 1);
        if (Volatile.Read(ref running) > 0) await drained.Task.ConfigureAwait(false);
    }

    // The count is raised before closing is read (and DisposeAsync sets closing before it reads the count), so a build either is
    // counted where DisposeAsync sees it or runs on its caller's thread.
    private bool TryStart()
    {
        if (Interlocked.Increment(ref running) <= limit && Volatile.Read(ref closing) == 0) return true;
        Finished();
        return false;
    }

    // Lowers the count; the last one out after closing began releases DisposeAsync (closing is set before it reads the count, so
    // either it sees this one still counted and waits, or this one sees closing and releases it).
    private void Finished()
    {
        if (Interlocked.Decrement(ref running) == 0 && Volatile.Read(ref closing) == 1) drained.TrySetResult();
    }

    private void RunStarted(IPendingLog log, IDisposable rows)
    {
        try
        {
            Run(log, rows);
        }
        catch (Exception e)
        {
            // Off the callback, nothing else would report it: a thread-pool work item that throws ends the process.
            logger.LogError(e, "Building a request's prediction log rows, or giving its rows back, failed; rows not queued are counted as dropped.");
        }
        finally
        {
            Finished();
        }
    }

    private static void Run(IPendingLog? log, IDisposable rows)
    {
        try
        {
            log?.Write();
        }
        catch
        {
            // Counted where the log's losses are (/metrics, health, the dropped rows per model and day), then reported by the caller.
            log?.CountLost();
            throw;
        }
        finally
        {
            rows.Dispose();
        }
    }
}

/// <summary>A request's log rows still to be built and queued (<see cref="PendingLog"/>; tests give slow or failing ones).</summary>
internal interface IPendingLog
{
    /// <summary>The rows to be logged.</summary>
    int Count { get; }

    /// <summary>Builds the rows and queues them for the log.</summary>
    void Write();

    /// <summary>Counts the rows as dropped by the log, when <see cref="Write"/> failed.</summary>
    void CountLost();
}
