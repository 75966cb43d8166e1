using MLCycle.Server.Admission;

namespace MLCycle.Server.Apis;

/// <summary>
/// What a prediction request does once its client has the answer: give back its admission slot, write its log rows
/// (<see cref="PendingLog"/>), then give its rows back to their pool, the last two in that order because the log's JSON is read
/// from the pooled rows; a large request's log rows are built beside the connection's next request (<see cref="LogRowBuilds"/>).
/// </summary>
/// <remarks>Kestrel runs a response's completion callbacks after the response's last byte is sent, in every case (an error, a client
/// that went away). The admission slot is given back first, before the log's rows are built. The callback runs just after the last
/// byte is sent, so a client that sends its next request on another connection the instant it has the answer may, for that moment,
/// still find this request's rows counted (AdmissionTests wait for them).</remarks>
internal sealed class AfterResponse
{
    private readonly HttpContext context;
    private readonly IDisposable rows;
    private readonly LogRowBuilds builds;
    private PendingLog? log;

    private AfterResponse(HttpContext context, IDisposable rows, LogRowBuilds builds)
    {
        this.context = context;
        this.rows = rows;
        this.builds = builds;
    }

    /// <summary>Keeps <paramref name="rows"/> alive until <paramref name="context"/>'s response is complete and its log rows are
    /// built by <paramref name="builds"/>, then disposes them.</summary>
    public static AfterResponse Hold(HttpContext context, IDisposable rows, LogRowBuilds builds)
    {
        var after = new AfterResponse(context, rows, builds);
        // The state overload: no closure per request on the single-row path.
        context.Response.OnCompleted(static state => ((AfterResponse)state).Run(), after);
        return after;
    }

    /// <summary>Writes <paramref name="pending"/> (null: nothing to log) once the response is complete.</summary>
    public void Log(PendingLog? pending) => log = pending;

    private Task Run()
    {
        try
        {
            context.Features.Get<AdmissionTicket>()?.Dispose();
        }
        finally
        {
            // The context is Kestrel's again once this returns: nothing of it is handed to the build.
            builds.WriteThenRelease(log, rows);
        }
        return Task.CompletedTask;
    }
}
