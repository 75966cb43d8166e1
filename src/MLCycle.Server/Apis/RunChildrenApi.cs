using MLCycle.Access;
using MLCycle.Server.Auth;
using MLCycle.Server.Json;
using MLCycle.Storage;

namespace MLCycle.Server.Apis;

/// <summary>GET /api/v1/runs/{run}/children: a run's child runs (a search's trials, tagged mlflow.parentRunId), oldest first, as
/// <c>mlcycle runs show</c> lists them. The search leaves children out, so this is where a client finds them.</summary>
internal static class RunChildrenApi
{
    public static void Map(RouteGroupBuilder runs) =>
        runs.MapGet("/{run}/children", ListAsync).RequireAuthorization(Policies.Reader)
            .Produces<RunPageResponse>().ProducesProblem(StatusCodes.Status404NotFound);

    // One page holds them all (as the local store reads them); the page shape leaves room for a token if a search ever needs one.
    private static async Task<IResult> ListAsync(string run, HttpContext context, MLCycleStore store, CancellationToken ct)
    {
        var found = await store.Tracking.GetRunExperimentAsync(run, ct);
        if (RunAccess.Refusal(context, Role.Reader, found.ExperimentName) is { } refused) return refused;
        // A child may sit in another experiment (a client sets the tag as it likes); only those the caller may read are listed.
        var children = (await store.Tracking.GetChildRunsAsync(found.RunId, ct))
            .Where(c => RunAccess.Refusal(context, Role.Reader, c.ExperimentName) is null);
        return TypedResults.Json(new RunPageResponse([.. children.Select(RunBody.From)], null), TrackingJsonContext.Default.RunPageResponse);
    }
}
