using MLCycle.Server.Json;

namespace MLCycle.Server.Apis;

/// <summary>GET /health: the process is up and serving.</summary>
public static class HealthApi
{
    private static readonly HealthResponse Ok = new("ok");

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", () => TypedResults.Json(Ok, ServerJsonContext.Default.HealthResponse)).AllowAnonymous();
        return routes;
    }
}
