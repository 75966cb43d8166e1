namespace MLCycle.Server.Apis;

/// <summary>
/// What a prediction request does once its client has the answer: write its log rows (<see cref="PendingLog"/>), then give its
/// rows back to their pool. One callback does both, in that order, because the log's JSON is read from the pooled rows.
/// </summary>
/// <remarks>Kestrel runs a response's completion callbacks after the response's last byte is sent, in every case (an error, a client
/// that went away), and before the request's other registered disposals, such as its admission slot: the slot stays taken until the
/// log rows are queued, so the next large request does not share the cores with them.</remarks>
internal sealed class AfterResponse
{
    private readonly IDisposable rows;
    private PendingLog log = PendingLog.None;

    private AfterResponse(IDisposable rows) => this.rows = rows;

    /// <summary>Keeps <paramref name="rows"/> alive until <paramref name="context"/>'s response is complete, then disposes them.</summary>
    public static AfterResponse Hold(HttpContext context, IDisposable rows)
    {
        var after = new AfterResponse(rows);
        context.Response.OnCompleted(after.RunAsync);
        return after;
    }

    /// <summary>Writes <paramref name="pending"/> once the response is complete.</summary>
    public void Log(PendingLog pending) => log = pending;

    private Task RunAsync()
    {
        try
        {
            log.Write();
        }
        finally
        {
            rows.Dispose();
        }
        return Task.CompletedTask;
    }
}
