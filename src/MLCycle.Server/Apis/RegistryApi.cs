using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MLCycle.Access;
using MLCycle.Pipelines;
using MLCycle.Registry;
using MLCycle.Server.Auth;
using MLCycle.Server.Json;
using MLCycle.Server.Problems;
using MLCycle.Serving;
using MLCycle.Storage;

namespace MLCycle.Server.Apis;

/// <summary>/api/v1/models: models, versions, aliases and their history, a page at a time; moving an unprotected alias and rolling
/// an alias back; protecting and unprotecting an alias (admin on the model). A protected alias moves only through an approval
/// request (<see cref="ApprovalApi"/>).</summary>
public static class RegistryApi
{
    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder routes)
    {
        var models = routes.MapGroup("/api/v1/models");
        models.MapGet("/", ListModelsAsync).RequireAuthorization(Policies.Reader);
        models.MapGet("/{name}", GetModelAsync).RequireAuthorization(Policies.Reader);
        models.MapGet("/{name}/versions", ListVersionsAsync).RequireAuthorization(Policies.Reader);
        models.MapPost("/{name}/versions", RegisterVersionAsync).RequireAuthorization(Policies.Editor)
            .DocumentsBody<RegisterVersionRequest>();
        models.MapGet("/{name}/versions/{version:int}", GetVersionAsync).RequireAuthorization(Policies.Reader);
        models.MapGet("/{name}/versions/{version:int}/card", CardAsync).RequireAuthorization(Policies.Reader);
        models.MapGet("/{name}/aliases/{alias}/history", AliasHistoryAsync).RequireAuthorization(Policies.Reader);
        models.MapGet("/{name}/routes", RoutesAsync).RequireAuthorization(Policies.Reader);
        models.MapPut("/{name}/aliases/{alias}", SetAliasAsync).RequireAuthorization(Policies.Approver)
            .DocumentsBody<MoveAliasRequest>();
        models.MapPost("/{name}/rollback", RollbackAsync).RequireAuthorization(Policies.Approver)
            .DocumentsBody<RollbackRequest>(optional: true);
        models.MapPut("/{name}/aliases/{alias}/protection", (string name, string alias, HttpContext context, MLCycleStore store, CancellationToken ct) =>
            SetProtectionAsync(name, alias, isProtected: true, context, store, ct)).RequireAuthorization(Policies.ModelAdmin);
        models.MapDelete("/{name}/aliases/{alias}/protection", (string name, string alias, HttpContext context, MLCycleStore store, CancellationToken ct) =>
            SetProtectionAsync(name, alias, isProtected: false, context, store, ct)).RequireAuthorization(Policies.ModelAdmin);
        return routes;
    }

    private static async Task<JsonHttpResult<RegistryPage<RegisteredModel>>> ListModelsAsync(MLCycleStore store, HttpContext context,
        [FromQuery(Name = "max_results")] int? maxResults, [FromQuery(Name = "page_token")] string? pageToken, CancellationToken ct)
    {
        var size = ApiPageToken.Size(maxResults);
        var after = pageToken is null ? null : ApiPageToken.Decode(pageToken);
        var access = (context.User.Identity as AccessIdentity)?.Access;
        // The policy let in anyone who reads something; each sees only the models it may read. Names sort ordinally, as the key.
        var visible = (await store.Registry.ListModelsAsync(ct))
            .Where(m => access?.Allows(Role.Reader, GrantScope.Model, m.Name) == true && (after is null || string.CompareOrdinal(m.Name, after) > 0))
            .OrderBy(m => m.Name, StringComparer.Ordinal).Take(size + 1).ToList();
        var page = visible.Take(size).ToList();
        var next = visible.Count > size ? ApiPageToken.Encode(page[^1].Name) : null;
        return TypedResults.Json(new RegistryPage<RegisteredModel>(page, next), RegistryJsonContext.Default.RegistryPageRegisteredModel);
    }

    private static async Task<JsonHttpResult<ModelDetail>> GetModelAsync(string name, MLCycleStore store, [FromQuery] string? at, CancellationToken ct)
    {
        var model = await store.Registry.GetModelAsync(name, ct);
        var protection = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var alias in model.Aliases.Keys.Append(ModelReference.DefaultAlias).Distinct())
        {
            protection[alias] = await store.Promotions.IsProtectedAsync(name, alias, ct);
        }
        var detail = new ModelDetail(model, protection);
        if (at is not null)
        {
            var moment = ParseMoment(at);
            detail = detail with { At = moment, AliasesAt = await store.Promotions.AliasesAtAsync(name, moment, ct) };
        }
        return TypedResults.Json(detail, RegistryJsonContext.Default.ModelDetail);
    }

    private static async Task<JsonHttpResult<RegistryPage<ModelVersion>>> ListVersionsAsync(string name, MLCycleStore store,
        [FromQuery(Name = "max_results")] int? maxResults, [FromQuery(Name = "page_token")] string? pageToken, CancellationToken ct)
    {
        var size = ApiPageToken.Size(maxResults);
        var after = pageToken is null ? 0 : int.TryParse(ApiPageToken.Decode(pageToken), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
            : throw new MLCycleException(ErrorKind.BadSpec, "This page token belongs to another list; pass the nextPageToken of a previous page of versions.");
        var versions = (await store.Registry.ListVersionsAsync(name, ct)).Where(x => x.Version > after).Take(size + 1).ToList();
        var page = versions.Take(size).ToList();
        var next = versions.Count > size ? ApiPageToken.Encode(page[^1].Version.ToString(CultureInfo.InvariantCulture)) : null;
        return TypedResults.Json(new RegistryPage<ModelVersion>(page, next), RegistryJsonContext.Default.RegistryPageModelVersion);
    }

    private static async Task<JsonHttpResult<ModelVersion>> GetVersionAsync(string name, int version, MLCycleStore store, CancellationToken ct) =>
        TypedResults.Json(await store.Registry.GetVersionAsync(name, version, ct), RegistryJsonContext.Default.ModelVersion);

    /// <summary>Registers the package a run uploaded (PUT …/artifacts/upload?path=model/…) as the model's next version, checked as
    /// serving checks it; moves no alias. Editor on the model (the policy) and on the run's experiment (here).</summary>
    private static async Task<IResult> RegisterVersionAsync(string name, HttpContext context, MLCycleStore store, CancellationToken ct)
    {
        ModelReference.RequireModelName(name);
        var (body, problem) = await JsonBodyReader.ReadAsync(context.Request, ct);
        if (problem is not null) return problem;
        var errors = new List<FieldError>();
        var runId = JsonBodyReader.String(body, "runId", required: true, errors);
        var version = body.TryGetProperty("version", out var given) && given.ValueKind != JsonValueKind.Null ? JsonBodyReader.PositiveInt(body, "version", errors) : null;
        if (errors.Count > 0) return InputProblem.Create("The body must be {\"runId\": \"…\", \"version\": N (optional)}.", errors);
        var run = await store.Tracking.GetRunAsync(runId!, ct);
        if (RunAccess.Refusal(context, Role.Editor, run.ExperimentName) is { } refused) return refused;
        var registered = await new UploadedPackageRegistrar(store).RegisterAsync(name, run.RunId, version, Actor(context).Name, ct);
        context.Features.Set(new AuditNote($"{name}:{registered.Version}", null,
            JsonSerializer.Serialize(new { version = registered.Version, runId = registered.RunId, packageSha256 = registered.PackageSha256 })));
        return TypedResults.Json(registered, RegistryJsonContext.Default.ModelVersion, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<JsonHttpResult<List<AliasChange>>> AliasHistoryAsync(string name, string alias, MLCycleStore store, CancellationToken ct)
    {
        ModelReference.RequireAlias(alias);
        var history = (await store.Registry.GetAliasHistoryAsync(name, ct)).Where(h => h.Alias == alias).ToList();
        return TypedResults.Json(history, RegistryJsonContext.Default.ListAliasChange);
    }

    /// <summary>The model's shadow and canary routes as <c>mlcycle models show</c> lists them (an empty list when it has none).</summary>
    private static async Task<JsonHttpResult<List<ModelRoute>>> RoutesAsync(string name, MLCycleStore store, CancellationToken ct) =>
        TypedResults.Json((await store.Registry.GetRoutesAsync(name, ct)).ToList(), RegistryJsonContext.Default.ListModelRoute);

    /// <summary>The version's model card built now, as <c>mlcycle models card --json</c> prints it, drift record included.</summary>
    private static async Task<IResult> CardAsync(string name, int version, MLCycleStore store, CancellationToken ct)
    {
        var card = await ModelCards.For(store).BuildAsync($"{name}:{version}", ct);
        return TypedResults.Text(JsonSerializer.Serialize(card, ModelPackageJson.Options), "application/json; charset=utf-8");
    }

    private static async Task<Results<JsonHttpResult<AliasChange>, ProblemHttpResult>> SetAliasAsync(
        string name, string alias, HttpContext context, MLCycleStore store, ModelCache cache, CancellationToken ct)
    {
        ModelReference.RequireAlias(alias);
        var (body, problem) = await JsonBodyReader.ReadAsync(context.Request, ct);
        if (problem is not null) return problem;
        var errors = new List<FieldError>();
        var version = JsonBodyReader.PositiveInt(body, "version", errors);
        var reason = JsonBodyReader.String(body, "reason", required: false, errors);
        if (errors.Count > 0) return InputProblem.Create("The body must be {\"version\": N, \"reason\": \"…\"}.", errors);
        var actor = Actor(context);
        var before = (await store.Registry.GetModelAsync(name, ct)).Aliases.GetValueOrDefault(alias);
        await store.Registry.SetAliasAsync(name, alias, version!.Value, actor.Name, reason ?? "moved through the API", ct);
        cache.ForgetAliases(name);
        Note(context, name, alias, before == 0 ? null : before, version);
        var change = (await store.Registry.GetAliasHistoryAsync(name, ct)).Last(h => h.Alias == alias);
        return TypedResults.Json(change, RegistryJsonContext.Default.AliasChange);
    }

    private static async Task<Results<JsonHttpResult<AliasChange>, ProblemHttpResult>> RollbackAsync(
        string name, HttpContext context, MLCycleStore store, ModelCache cache, CancellationToken ct)
    {
        string? alias = null;
        if (context.Request.ContentLength is > 0 || context.Request.ContentType is not null)
        {
            var (body, problem) = await JsonBodyReader.ReadAsync(context.Request, ct);
            if (problem is not null) return problem;
            var errors = new List<FieldError>();
            alias = JsonBodyReader.String(body, "alias", required: false, errors);
            if (errors.Count > 0) return InputProblem.Create("The body may name the alias to roll back: {\"alias\": \"champion\"}.", errors);
        }
        var change = await store.Promotions.RollbackAsync(name, alias ?? ModelReference.DefaultAlias, Actor(context), ct);
        cache.ForgetAliases(name);
        Note(context, name, change.Alias, change.FromVersion, change.ToVersion);
        return TypedResults.Json(change, RegistryJsonContext.Default.AliasChange);
    }

    /// <summary>PUT protects the alias (it then moves only through approved requests), DELETE unprotects it; no body is needed,
    /// and one that is sent must be JSON.</summary>
    private static async Task<Results<JsonHttpResult<AliasProtection>, ProblemHttpResult>> SetProtectionAsync(
        string name, string alias, bool isProtected, HttpContext context, MLCycleStore store, CancellationToken ct)
    {
        ModelReference.RequireAlias(alias);
        if (context.Request.ContentLength is > 0 || context.Request.ContentType is not null)
        {
            var (_, problem) = await JsonBodyReader.ReadAsync(context.Request, ct);
            if (problem is not null) return problem;
        }
        var before = await store.Promotions.IsProtectedAsync(name, alias, ct);
        await store.Promotions.SetProtectionAsync(name, alias, isProtected, Actor(context), ct);
        context.Features.Set(new AuditNote($"{name}@{alias}",
            JsonSerializer.Serialize(new { @protected = before }), JsonSerializer.Serialize(new { @protected = isProtected })));
        return TypedResults.Json(new AliasProtection(name, alias, isProtected), RegistryJsonContext.Default.AliasProtection);
    }

    /// <summary>The token's user: every route here needs one, so an unauthenticated call never reaches a handler.</summary>
    internal static RegistryActor Actor(HttpContext context) =>
        context.User.Identity is AccessIdentity identity ? RegistryActor.User(identity.Access)
            : throw new MLCycleException(ErrorKind.Forbidden, "This route needs a verified user: send 'Authorization: Bearer TOKEN'.");

    private static void Note(HttpContext context, string name, string alias, int? before, int? after) =>
        context.Features.Set(new AuditNote($"{name}@{alias}",
            before is { } b ? JsonSerializer.Serialize(new { version = b }) : null, after is { } a ? JsonSerializer.Serialize(new { version = a }) : null));

    /// <summary>An ISO 8601 moment such as 2026-11-30T12:00Z; without an offset it is read as UTC.</summary>
    internal static DateTimeOffset ParseMoment(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment)
            ? moment
            : throw new MLCycleException(ErrorKind.BadSpec, $"'{NameRules.Show(text)}' is not a date and time; expected ISO 8601 such as 2026-11-30T12:00Z.");
}
