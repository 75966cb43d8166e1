using MLCycle.Access;
using MLCycle.Server.Auth;
using MLCycle.Storage;
using MLCycle.Tracking;

namespace MLCycle.Server.Apis;

/// <summary>POST /api/v1/runs/{run}/heartbeat: the client of a Running run renews its lease (ADR 0055). No body; 204, or 409 naming why
/// when the run has ended (the server ended it because an earlier lease lapsed, or the run ended otherwise). A heartbeat writes one
/// UPDATE and no audit line: it changes no result of the run, and a line every few minutes per run would bury the real writes.</summary>
internal static class RunLeaseApi
{
    public static void Map(RouteGroupBuilder runs) =>
        runs.MapPost("/{run}/heartbeat", HeartbeatAsync).RequireAuthorization(Policies.Editor)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> HeartbeatAsync(string run, HttpContext context, MLCycleStore store, RunLease lease, CancellationToken ct)
    {
        var found = await store.Tracking.GetRunExperimentAsync(run, ct);
        if (RunAccess.Refusal(context, Role.Editor, found.ExperimentName) is { } refused) return refused;
        if (await store.Tracking.RenewLeaseAsync(found.RunId, lease.Duration, ct))
        {
            context.Features.Set(AuditTrail.Written);
            return TypedResults.NoContent();
        }
        var ended = await store.Tracking.GetRunAsync(found.RunId, ct);
        return ended.LeaseLapsed
            ? Lapsed(ended)
            : JsonBody.Problem(StatusCodes.Status409Conflict, "Conflict", $"Run {ended.RunId} already ended as {ended.Status} at {ended.EndTime:O}; it has no lease to renew.");
    }

    /// <summary>The 409 for a write to a run the server ended for want of a heartbeat.</summary>
    public static async Task<IResult> LapsedAsync(MLCycleStore store, string runId, CancellationToken ct) => Lapsed(await store.Tracking.GetRunAsync(runId, ct));

    /// <summary>The 409 for a write to <paramref name="run"/>, which the server ended for want of a heartbeat: when, and why.</summary>
    public static IResult Lapsed(Run run) =>
        JsonBody.Problem(StatusCodes.Status409Conflict, "Run ended by its lease",
            $"Run {run.RunId} was ended as {run.Status} by the server at {run.EndTime:O} ({run.Error}); nothing was written. "
            + "Its client sent no heartbeat within the server's run lease (mlcycle server --run-lease); start a new run.");
}
