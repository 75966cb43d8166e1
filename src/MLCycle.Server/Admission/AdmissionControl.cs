using System.Globalization;
using MLCycle.Monitoring;

namespace MLCycle.Server.Admission;

/// <summary>Counts prediction requests in flight and the rows they carry against <see cref="AdmissionOptions"/>; refuses what does not
/// fit at once, with Retry-After, and counts each refusal in /metrics.</summary>
public sealed class AdmissionControl
{
    /// <summary>A request whose Content-Length is at most this (a few hundred rows) is small: it may use the slots and rows kept
    /// back from large requests, so a one-row request still gets in while large uploads fill the server.</summary>
    public const long SmallBody = 64 * 1024;

    private readonly ServingMetrics metrics;
    private readonly PredictionLogWriter? log;
    private readonly ServiceRate rate = new();
    private int inFlight;
    private int queuedRows;
    private int largeRows;

    /// <param name="log">The prediction log whose backlog large requests wait for (<see cref="AdmissionOptions.MaxLogBacklog"/>); null
    /// when nothing is logged.</param>
    public AdmissionControl(AdmissionOptions options, ServingMetrics metrics, PredictionLogWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxQueuedRows, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxLogBacklog);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxLogBacklog, 1);
        Options = options;
        this.metrics = metrics;
        this.log = log;
    }

    public AdmissionOptions Options { get; }

    /// <summary>Prediction requests admitted and not yet answered.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Rows of admitted requests not yet answered.</summary>
    public int QueuedRows => Volatile.Read(ref queuedRows);

    /// <summary>Rows per second this server answered while it had rows queued, lately; null until enough was measured.</summary>
    public double? RowsPerSecond => rate.RowsPerSecond;

    /// <summary>The rows that may be queued for <see cref="AdmissionOptions.MaxQueueLatency"/> to be kept, at the measured rate; null while
    /// the objective is off or nothing has been measured yet (then only <see cref="AdmissionOptions.MaxQueuedRows"/> applies).</summary>
    public int? LatencyRows => Options.MaxQueueLatency > TimeSpan.Zero && rate.RowsPerSecond is { } perSecond
        ? (int)Math.Clamp(perSecond * Options.MaxQueueLatency.TotalSeconds, 1, int.MaxValue)
        : null;

    /// <summary>Admits a prediction request (the ticket is set on the context) or says why not: a large request while the prediction log
    /// is behind, or any request past its limit in flight.</summary>
    internal AdmissionRefusal? Enter(HttpContext context)
    {
        if (LogBehind(context) is { } behind) return behind;
        return TryEnter(context) is null ? Busy(context) : null;
    }

    // Large requests wait while the log's backlog is past its share of the log's memory budget (docs/adr/0060): admitting them would
    // only queue more rows than the store can write, until the budget is spent and rows are dropped. Small requests still get in;
    // past the whole budget their rows are dropped and counted, as before.
    private AdmissionRefusal? LogBehind(HttpContext context)
    {
        if (log is null || Options.MaxLogBacklog >= 1 || IsSmall(context)) return null;
        var limit = (long)(Options.MaxLogBacklog * log.MaxQueuedBytes);
        var queued = log.QueuedBytes;
        if (queued <= limit) return null;
        Refused(context, "log_backlog");
        return new AdmissionRefusal(StatusCodes.Status429TooManyRequests, string.Create(CultureInfo.InvariantCulture,
            $"The prediction log is behind: {queued / (1024.0 * 1024):0.0} MB of predictions wait to be written, past this server's limit of {limit / (1024.0 * 1024):0.0} MB for admitting large requests; retry after {RetryAfterSeconds} s."));
    }

    /// <summary>Admits a request if fewer than its limit are in flight (large requests leave a quarter of MaxConcurrency to small
    /// ones); the ticket (disposed when the response is done) frees the slot.</summary>
    internal AdmissionTicket? TryEnter(HttpContext context)
    {
        if (Interlocked.Increment(ref inFlight) > SlotLimit(context))
        {
            Interlocked.Decrement(ref inFlight);
            Refused(context, "concurrency");
            return null;
        }
        var ticket = new AdmissionTicket(this, context);
        context.Features.Set(ticket);
        context.Response.RegisterForDispose(ticket);
        return ticket;
    }

    /// <summary>Reserves <paramref name="rows"/> more of a request's rows (counted as its body is read) in the row budget until its
    /// response is done; null when they fit (or the route is not admission-controlled), else the refusal to answer with.</summary>
    internal AdmissionRefusal? ReserveRows(HttpContext context, int rows)
    {
        if (rows <= 0 || context.Features.Get<AdmissionTicket>() is not { } ticket) return null;
        if (ticket.Rows + rows > Options.MaxQueuedRows)
        {
            metrics.Rejected("request_rows");
            return new AdmissionRefusal(StatusCodes.Status413PayloadTooLarge,
                $"{ticket.Rows + rows} rows exceed this server's row budget of {Options.MaxQueuedRows}; send them in smaller requests.");
        }
        var large = !IsSmall(context);
        if (large && ReserveLarge(context, ticket, rows) is { } late) return late;
        // Large requests leave a tenth of the budget to small ones.
        var limit = IsSmall(context) ? Options.MaxQueuedRows : Options.MaxQueuedRows - Options.MaxQueuedRows / 10;
        var current = Volatile.Read(ref queuedRows);
        while (true)
        {
            // A request alone in the queue may use the whole budget, so a full-size large request is never refused for ever.
            var alone = current - ticket.Rows <= 0 && ticket.Rows + rows <= Options.MaxQueuedRows;
            if (current + rows > limit && !alone)
            {
                if (large) Interlocked.Add(ref largeRows, -rows);
                Refused(context, "queued_rows");
                return new AdmissionRefusal(StatusCodes.Status429TooManyRequests,
                    $"{ticket.Rows + rows} rows do not fit the free row budget ({Math.Max(0, limit - current)} of {limit} rows free); retry after {RetryAfterSeconds} s.");
            }
            var seen = Interlocked.CompareExchange(ref queuedRows, current + rows, current);
            if (seen == current) break;
            current = seen;
        }
        ticket.Rows += rows;
        ticket.Large = large;
        rate.Admitted(rows, System.Diagnostics.Stopwatch.GetTimestamp());
        return null;
    }

    // The latency objective, for large requests: while another large request holds rows, the rows queued may be no more than the
    // server answers within MaxQueueLatency at its measured rate, so an admitted request waits about that long at most. A large request
    // alone is always let in (its own service time is the least latency it can have). Small requests only meet the static budget.
    private AdmissionRefusal? ReserveLarge(HttpContext context, AdmissionTicket ticket, int rows)
    {
        var seen = Volatile.Read(ref largeRows);
        while (true)
        {
            if (seen - ticket.Rows > 0 && LatencyRows is { } budget && QueuedRows + rows > budget)
            {
                Refused(context, "queue_latency");
                return new AdmissionRefusal(StatusCodes.Status429TooManyRequests, string.Create(CultureInfo.InvariantCulture,
                    $"{ticket.Rows + rows} more rows would wait longer than this server's queue latency objective of {Options.MaxQueueLatency.TotalMilliseconds:0} ms ({QueuedRows} rows queued; it answers about {RowsPerSecond:0} rows/s); retry after {RetryAfterSeconds} s."));
            }
            var before = Interlocked.CompareExchange(ref largeRows, seen + rows, seen);
            if (before == seen) return null;
            seen = before;
        }
    }

    /// <summary>Reserves what is left of a request's <paramref name="total"/> rows once its body is parsed (rows the skim could not
    /// count as they arrived, such as a tensor shape sent after its data).</summary>
    internal AdmissionRefusal? ReserveTotal(HttpContext context, int total) =>
        context.Features.Get<AdmissionTicket>() is { } ticket ? ReserveRows(context, total - ticket.Rows) : null;

    /// <summary>The refusal for a request turned away because its limit of requests are in flight.</summary>
    internal AdmissionRefusal Busy(HttpContext context) => new(StatusCodes.Status429TooManyRequests,
        $"The server is answering its limit of {SlotLimit(context)} {(IsSmall(context) ? "" : "large ")}prediction requests at once; retry after {RetryAfterSeconds} s.");

    private static bool IsSmall(HttpContext context) => context.Request.ContentLength is <= SmallBody;

    private int SlotLimit(HttpContext context) => IsSmall(context) ? Options.MaxConcurrency : Options.MaxConcurrency - Options.MaxConcurrency / 4;

    /// <summary>Gives back a request's slot and rows; only the rows of an <paramref name="answered"/> request count as served in the rate
    /// (a request refused halfway through its body took time but answered nothing).</summary>
    internal void Release(int rows, bool large, bool answered)
    {
        if (rows > 0)
        {
            rate.Done(rows, answered ? rows : 0, System.Diagnostics.Stopwatch.GetTimestamp());
            if (large) Interlocked.Add(ref largeRows, -rows);
            Interlocked.Add(ref queuedRows, -rows);
        }
        Interlocked.Decrement(ref inFlight);
    }

    private string RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(Options.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private void Refused(HttpContext context, string reason)
    {
        metrics.Rejected(reason);
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
    }
}
