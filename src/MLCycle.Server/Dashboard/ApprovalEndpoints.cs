using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MLCycle.Access;
using MLCycle.Registry;
using MLCycle.Server.Apis;
using MLCycle.Server.Auth;
using MLCycle.Server.Dashboard.Pages;
using MLCycle.Serving;
using MLCycle.Storage;

namespace MLCycle.Server.Dashboard;

/// <summary>The approval queue: a model page's form files a request; pending requests with their evidence, Approve / Reject
/// forms for the approvers who may decide them, and the decided requests below. Decisions go through <see cref="IPromotions"/>, which enforces four eyes.</summary>
internal static class ApprovalEndpoints
{
    /// <summary>The queue shows this many requests of each kind; older decided ones stay in the API and the audit log.</summary>
    private const int PageSize = 100;

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/models/{name}/approval-requests", RequestAsync).RequireAuthorization(Policies.Editor).WithMetadata(DashboardPage.Instance);
        routes.MapGet("/approvals", ShowAsync).RequireAuthorization(Policies.Reader).WithMetadata(DashboardPage.Instance);
        // As in the API: the policy asks for approver anywhere; the library checks approver on the request's model and four eyes.
        routes.MapPost("/approvals/{id:long}/approve", (long id, HttpContext context, MLCycleStore store, ModelCache cache, IFormCollection form) =>
            DecideAsync(id, approve: true, context, store, cache, form)).RequireAuthorization(Policies.Approver).WithMetadata(DashboardPage.Instance);
        routes.MapPost("/approvals/{id:long}/reject", (long id, HttpContext context, MLCycleStore store, ModelCache cache, IFormCollection form) =>
            DecideAsync(id, approve: false, context, store, cache, form)).RequireAuthorization(Policies.Approver).WithMetadata(DashboardPage.Instance);
    }

    private static Task<IResult> ShowAsync(HttpContext context, MLCycleStore store, string? model, string? message) =>
        PageAsync(context, store, model, message, null, StatusCodes.Status200OK);

    private static async Task<IResult> RequestAsync(string name, HttpContext context, MLCycleStore store, IFormCollection form)
    {
        try
        {
            var versionText = form["version"].ToString();
            if (!int.TryParse(versionText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) || version < 1)
            {
                throw new MLCycleException(ErrorKind.BadSpec, $"version must be a whole number from 1; found '{NameRules.Show(versionText)}'.");
            }
            var alias = form["alias"].ToString().Trim();
            var expiresIn = form["expiresIn"].ToString().Trim();
            var request = await store.Promotions.RequestAsync(new PromotionRequest
            {
                Name = name, Version = version, Alias = alias.Length == 0 ? ModelReference.DefaultAlias : alias, Reason = form["reason"].ToString().Trim(),
                Requester = ((AccessIdentity)context.User.Identity!).Access.Name,
                ExpiresIn = expiresIn.Length == 0 ? TimeSpan.FromDays(7) : PromotionRequest.ParseExpiry(expiresIn),
            }, context.RequestAborted);
            ApprovalDecision.NoteFiled(context, request);
            var filed = $"Filed request #{request.Id}: {request.Name}@{request.Alias} → version {request.Version}, waiting for another approver.";
            return Results.Redirect($"/approvals?model={Uri.EscapeDataString(request.Name)}&message={Uri.EscapeDataString(filed)}");
        }
        catch (MLCycleException e)
        {
            return RunEndpoints.Message(context, e, $"/models/{Uri.EscapeDataString(name)}");
        }
    }

    private static async Task<IResult> DecideAsync(long id, bool approve, HttpContext context, MLCycleStore store, ModelCache cache, IFormCollection form)
    {
        var access = ((AccessIdentity)context.User.Identity!).Access;
        var reason = form["reason"].ToString().Trim();
        try
        {
            var decided = await ApprovalDecision.DecideAsync(context, store, cache, id, approve, RegistryActor.User(access), reason, context.RequestAborted);
            var done = approve ? $"Approved request #{id}: {decided.Name}@{decided.Alias} now points to version {decided.Version}."
                : $"Rejected request #{id}: {decided.Name}@{decided.Alias} stays where it was.";
            return Results.Redirect("/approvals?message=" + Uri.EscapeDataString(done));
        }
        catch (MLCycleException e)
        {
            var error = $"Request #{id} was not {(approve ? "approved" : "rejected")}: {e.Message}";
            return await PageAsync(context, store, null, null, error, Problems.ProblemExceptionHandler.StatusFor(e.Kind));
        }
    }

    private static async Task<IResult> PageAsync(HttpContext context, MLCycleStore store, string? model, string? message, string? error, int status)
    {
        var ct = context.RequestAborted;
        var access = ((AccessIdentity)context.User.Identity!).Access;
        var name = string.IsNullOrWhiteSpace(model) ? null : model.Trim();
        var pending = (await store.Promotions.ListRequestsAsync(name, ApprovalState.Pending, PageSize, null, ct)).Items
            .Where(r => access.Allows(Role.Reader, GrantScope.Model, r.Name))
            .Select(r => new PendingApproval(r, EvidenceOf(r),
                access.Allows(Role.Approver, GrantScope.Model, r.Name) && !string.Equals(r.Requester, access.Name, StringComparison.Ordinal)))
            .ToList();
        var decided = (await store.Promotions.ListRequestsAsync(name, null, PageSize, null, ct)).Items
            .Where(r => r.State != ApprovalState.Pending && access.Allows(Role.Reader, GrantScope.Model, r.Name))
            .ToList();
        return new RazorComponentResult<ApprovalsPage>(new
        {
            View = DashboardView.For(context),
            Model = name,
            Pending = pending,
            Decided = decided,
            Message = message,
            Error = error,
            Now = DateTimeOffset.UtcNow,
        })
        { StatusCode = status };
    }

    private static PromotionEvidence? EvidenceOf(ApprovalRequest request)
    {
        try
        {
            return request.Evidence?.Deserialize<PromotionEvidence>(ModelPackageJson.Options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // Evidence written by another version of the store: the request can still be decided, with its reason as the evidence.
            return null;
        }
    }
}
