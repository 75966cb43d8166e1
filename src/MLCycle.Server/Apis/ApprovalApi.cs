using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MLCycle.Access;
using MLCycle.Registry;
using MLCycle.Server.Auth;
using MLCycle.Server.Json;
using MLCycle.Server.Problems;
using MLCycle.Serving;
using MLCycle.Storage;

namespace MLCycle.Server.Apis;

/// <summary>Four-eyes promotion: POST /api/v1/models/{name}/approval-requests {"version","alias","reason","expiresIn"} files a
/// request with its evidence; another approver of the model approves (the alias moves at once) or rejects it with
/// POST /api/v1/approval-requests/{id}/approve|reject {"reason"}.</summary>
public static class ApprovalApi
{
    public static IEndpointRouteBuilder MapApprovalApi(this IEndpointRouteBuilder routes)
    {
        var models = routes.MapGroup("/api/v1/models");
        models.MapPost("/{name}/approval-requests", RequestAsync).RequireAuthorization(Policies.Editor)
            .DocumentsBody<FileApprovalRequest>();
        models.MapGet("/{name}/approval-requests", ListForModelAsync).RequireAuthorization(Policies.Reader);
        var requests = routes.MapGroup("/api/v1/approval-requests");
        // Across models: each caller sees the requests of the models it may read (the dashboard's queue).
        requests.MapGet("/", ListAsync).RequireAuthorization(Policies.Reader);
        requests.MapGet("/{id:long}", GetAsync).RequireAuthorization(Policies.Reader);
        // The policy asks for approver anywhere; the library checks approver on the request's model and that the caller is not the requester.
        requests.MapPost("/{id:long}/approve", (long id, HttpContext context, MLCycleStore store, ModelCache cache, CancellationToken ct) =>
            DecideAsync(id, approve: true, context, store, cache, ct)).RequireAuthorization(Policies.Approver).DocumentsBody<DecisionRequest>();
        requests.MapPost("/{id:long}/reject", (long id, HttpContext context, MLCycleStore store, ModelCache cache, CancellationToken ct) =>
            DecideAsync(id, approve: false, context, store, cache, ct)).RequireAuthorization(Policies.Approver).DocumentsBody<DecisionRequest>();
        return routes;
    }

    private static async Task<Results<JsonHttpResult<ApprovalRequest>, ProblemHttpResult>> RequestAsync(
        string name, HttpContext context, MLCycleStore store, CancellationToken ct)
    {
        var (body, problem) = await JsonBodyReader.ReadAsync(context.Request, ct);
        if (problem is not null) return problem;
        var errors = new List<FieldError>();
        var version = JsonBodyReader.PositiveInt(body, "version", errors);
        var alias = JsonBodyReader.String(body, "alias", required: false, errors) ?? ModelReference.DefaultAlias;
        var reason = JsonBodyReader.String(body, "reason", required: true, errors);
        var expiresIn = JsonBodyReader.String(body, "expiresIn", required: false, errors);
        if (errors.Count > 0) return InputProblem.Create("The body must be {\"version\": N, \"alias\": \"champion\", \"reason\": \"…\", \"expiresIn\": \"7d\"}.", errors);
        var request = await store.Promotions.RequestAsync(new PromotionRequest
        {
            Name = name, Version = version!.Value, Alias = alias, Reason = reason!, Requester = RegistryApi.Actor(context).Name,
            ExpiresIn = expiresIn is null ? TimeSpan.FromDays(7) : PromotionRequest.ParseExpiry(expiresIn),
        }, ct);
        ApprovalDecision.NoteFiled(context, request);
        return TypedResults.Json(request, RegistryJsonContext.Default.ApprovalRequest, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<JsonHttpResult<RegistryPage<ApprovalRequest>>> ListForModelAsync(string name, MLCycleStore store, [FromQuery] string? state,
        [FromQuery(Name = "max_results")] int? maxResults, [FromQuery(Name = "page_token")] string? pageToken, CancellationToken ct)
    {
        var page = await store.Promotions.ListRequestsAsync(name, ParseState(state), ApiPageToken.Size(maxResults), pageToken, ct);
        return TypedResults.Json(new RegistryPage<ApprovalRequest>(page.Items, page.NextPageToken), RegistryJsonContext.Default.RegistryPageApprovalRequest);
    }

    private static async Task<JsonHttpResult<RegistryPage<ApprovalRequest>>> ListAsync(HttpContext context, MLCycleStore store, [FromQuery] string? state,
        [FromQuery(Name = "max_results")] int? maxResults, [FromQuery(Name = "page_token")] string? pageToken, CancellationToken ct)
    {
        var access = (context.User.Identity as AccessIdentity)?.Access;
        var page = await store.Promotions.ListRequestsAsync(null, ParseState(state), ApiPageToken.Size(maxResults), pageToken, ct);
        // Filtering a page may leave it short; the token still continues after its last item, so nothing is skipped.
        var visible = page.Items.Where(r => access?.Allows(Role.Reader, GrantScope.Model, r.Name) == true).ToList();
        return TypedResults.Json(new RegistryPage<ApprovalRequest>(visible, page.NextPageToken), RegistryJsonContext.Default.RegistryPageApprovalRequest);
    }

    private static async Task<JsonHttpResult<ApprovalRequest>> GetAsync(long id, HttpContext context, MLCycleStore store, CancellationToken ct)
    {
        var request = await store.Promotions.GetRequestAsync(id, ct);
        RequireReader(context, request);
        return TypedResults.Json(request, RegistryJsonContext.Default.ApprovalRequest);
    }

    private static async Task<Results<JsonHttpResult<ApprovalRequest>, ProblemHttpResult>> DecideAsync(
        long id, bool approve, HttpContext context, MLCycleStore store, ModelCache cache, CancellationToken ct)
    {
        var (body, problem) = await JsonBodyReader.ReadAsync(context.Request, ct);
        if (problem is not null) return problem;
        var errors = new List<FieldError>();
        var reason = JsonBodyReader.String(body, "reason", required: true, errors);
        if (errors.Count > 0) return InputProblem.Create("The body must be {\"reason\": \"…\"}: a decision keeps its reason.", errors);
        var decided = await ApprovalDecision.DecideAsync(context, store, cache, id, approve, RegistryApi.Actor(context), reason!, ct);
        return TypedResults.Json(decided, RegistryJsonContext.Default.ApprovalRequest);
    }

    private static void RequireReader(HttpContext context, ApprovalRequest request)
    {
        var access = (context.User.Identity as AccessIdentity)?.Access;
        if (access?.Allows(Role.Reader, GrantScope.Model, request.Name) != true)
        {
            // The same answer as an unknown id: a caller who may not read the model learns nothing about its requests.
            throw new NotFoundException($"No approval request #{request.Id}.");
        }
    }

    private static ApprovalState? ParseState(string? state) =>
        state is null ? null
            : Enum.TryParse<ApprovalState>(state, ignoreCase: true, out var parsed) && !int.TryParse(state, out _) ? parsed
            : throw new MLCycleException(ErrorKind.BadSpec,
                $"state '{NameRules.Show(state)}' is not one of {string.Join(", ", Enum.GetNames<ApprovalState>().Select(n => n.ToLowerInvariant()))}.");
}
