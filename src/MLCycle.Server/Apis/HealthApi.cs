using System.Globalization;
using MLCycle.Monitoring;
using MLCycle.Server.Json;

namespace MLCycle.Server.Apis;

/// <summary>GET /health: the process is up and serving; "degraded" (still 200: it serves) once the prediction log has lost rows.</summary>
public static class HealthApi
{
    private static readonly HealthResponse Ok = new("ok");

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", (PredictionLogWriter log) => TypedResults.Json(Status(log), ServerJsonContext.Default.HealthResponse)).AllowAnonymous();
        return routes;
    }

    private static HealthResponse Status(PredictionLogWriter log) => !log.Degraded ? Ok : new("degraded",
    [
        string.Create(CultureInfo.InvariantCulture,
            $"prediction log incomplete: {log.DroppedCount} rows dropped (queue full), {log.FailedCount} rows refused by the database since start{(log.LastError is { } e ? $"; last error: {e.Message}" : "")}"),
    ]);
}
