using System.Globalization;

namespace MLCycle.Server.Admission;

/// <summary>Counts prediction requests in flight and the rows they carry against <see cref="AdmissionOptions"/>; refuses what does not
/// fit at once, with Retry-After, and counts each refusal in /metrics.</summary>
public sealed class AdmissionControl
{
    private readonly ServingMetrics metrics;
    private int inFlight;
    private int queuedRows;

    public AdmissionControl(AdmissionOptions options, ServingMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxQueuedRows, 1);
        Options = options;
        this.metrics = metrics;
    }

    public AdmissionOptions Options { get; }

    /// <summary>Prediction requests admitted and not yet answered.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Rows of admitted requests not yet answered.</summary>
    public int QueuedRows => Volatile.Read(ref queuedRows);

    /// <summary>Admits a request if fewer than MaxConcurrency are in flight; the ticket (disposed when the response is done) frees the slot.</summary>
    internal AdmissionTicket? TryEnter(HttpContext context)
    {
        if (Interlocked.Increment(ref inFlight) > Options.MaxConcurrency)
        {
            Interlocked.Decrement(ref inFlight);
            Refused(context, "concurrency");
            return null;
        }
        var ticket = new AdmissionTicket(this);
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
        var current = Volatile.Read(ref queuedRows);
        while (true)
        {
            if (current + rows > Options.MaxQueuedRows)
            {
                Refused(context, "queued_rows");
                return new AdmissionRefusal(StatusCodes.Status429TooManyRequests,
                    $"{ticket.Rows + rows} rows do not fit the free row budget ({Options.MaxQueuedRows - current} of {Options.MaxQueuedRows} rows free); retry after {RetryAfterSeconds} s.");
            }
            var seen = Interlocked.CompareExchange(ref queuedRows, current + rows, current);
            if (seen == current) break;
            current = seen;
        }
        ticket.Rows += rows;
        return null;
    }

    /// <summary>Reserves what is left of a request's <paramref name="total"/> rows once its body is parsed (rows the skim could not
    /// count as they arrived, such as a tensor shape sent after its data).</summary>
    internal AdmissionRefusal? ReserveTotal(HttpContext context, int total) =>
        context.Features.Get<AdmissionTicket>() is { } ticket ? ReserveRows(context, total - ticket.Rows) : null;

    /// <summary>The refusal for a request turned away because MaxConcurrency are in flight.</summary>
    internal AdmissionRefusal Busy() => new(StatusCodes.Status429TooManyRequests,
        $"The server is answering its limit of {Options.MaxConcurrency} prediction requests at once; retry after {RetryAfterSeconds} s.");

    internal void Release(int rows)
    {
        if (rows > 0) Interlocked.Add(ref queuedRows, -rows);
        Interlocked.Decrement(ref inFlight);
    }

    private string RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(Options.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private void Refused(HttpContext context, string reason)
    {
        metrics.Rejected(reason);
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
    }
}
