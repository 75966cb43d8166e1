using MLCycle.Registry;

namespace MLCycle.Server.Apis;

/// <summary>A successful infer answer, written straight into the response's pipe (its memory comes from Kestrel's pool) and flushed
/// as it goes.</summary>
internal sealed class InferenceResponse(ModelVersion version, ModelManifest manifest, string? id, IReadOnlyList<string>? outputs,
    IdentifiedPredictions predictions, IReadOnlyList<string> warnings) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json";
        await InferenceResponseWriter.WriteAsync(httpContext.Response.BodyWriter, version, manifest, id, outputs, predictions, warnings, httpContext.RequestAborted);
    }
}
