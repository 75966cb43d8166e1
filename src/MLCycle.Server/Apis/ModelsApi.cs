using Microsoft.AspNetCore.Http.HttpResults;
using MLCycle.Access;
using MLCycle.Server.Auth;
using MLCycle.Server.Json;
using MLCycle.Storage;

namespace MLCycle.Server.Apis;

/// <summary>GET /v1/models: the registered models with their versions and aliases.</summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/v1/models").MapGet("/", ListAsync).RequireAuthorization(Policies.Reader);
        return routes;
    }

    private static async Task<JsonHttpResult<ModelListResponse>> ListAsync(MLCycleStore store, HttpContext context, CancellationToken ct)
    {
        var models = new List<ModelSummary>();
        // The policy let in anyone who reads something; each sees only the models it may read.
        var access = (context.User.Identity as AccessIdentity)?.Access;
        foreach (var model in await store.Registry.ListModelsAsync(ct))
        {
            if (access?.Allows(Role.Reader, GrantScope.Model, model.Name) != true) continue;
            var versions = await store.Registry.ListVersionsAsync(model.Name, ct);
            models.Add(new ModelSummary(
                model.Name, model.Description, model.CreatedAt, model.LatestVersion?.Version, model.Aliases,
                [.. versions.Select(v => new VersionSummary(v.Version, v.RunId, v.CreatedAt, v.Description))]));
        }
        return TypedResults.Json(new ModelListResponse(models), ServerJsonContext.Default.ModelListResponse);
    }
}
