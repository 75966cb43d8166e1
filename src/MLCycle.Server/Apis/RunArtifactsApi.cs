using Microsoft.AspNetCore.Http.Features;
using MLCycle.Access;
using MLCycle.Server.Auth;
using MLCycle.Server.Json;
using MLCycle.Storage;

namespace MLCycle.Server.Apis;

/// <summary>A run's artifacts under /api/v1/runs/{run}/artifacts: list, download, and upload (for runs logged from outside).
/// Every path goes through the artifact store, which refuses '..', absolute paths and control characters before any file call.</summary>
internal static class RunArtifactsApi
{
    /// <summary>The largest artifact an upload may carry.</summary>
    public const long MaxUploadBytes = 256L * 1024 * 1024;

    public static void Map(RouteGroupBuilder runs)
    {
        runs.MapGet("/{run}/artifacts", ListAsync).RequireAuthorization(Policies.Reader);
        runs.MapGet("/{run}/artifacts/download", DownloadAsync).RequireAuthorization(Policies.Reader);
        // The body is the file's bytes, whatever their type: described as a binary stream.
        runs.MapPut("/{run}/artifacts/upload", UploadAsync).RequireAuthorization(Policies.Editor).DocumentsBody<Stream>("application/octet-stream");
    }

    private static async Task<IResult> ListAsync(string run, string? path, HttpContext context, MLCycleStore store, CancellationToken ct)
    {
        var found = await store.Tracking.GetRunAsync(run, ct);
        if (RunAccess.Refusal(context, Role.Reader, found.ExperimentName) is { } refused) return refused;
        var prefix = path is null ? null : Normalised(store, found.RunId, path);
        var files = store.Artifacts.List(found.RunId)
            .Where(a => prefix is null || a.Path == prefix || a.Path.StartsWith(prefix + "/", StringComparison.Ordinal))
            .Select(a => new ArtifactBody(a.Path, a.Length))
            .ToList();
        return TypedResults.Json(new ArtifactListResponse(found.RunId, files), TrackingJsonContext.Default.ArtifactListResponse);
    }

    private static async Task<IResult> DownloadAsync(string run, string? path, HttpContext context, MLCycleStore store, CancellationToken ct)
    {
        var found = await store.Tracking.GetRunAsync(run, ct);
        if (RunAccess.Refusal(context, Role.Reader, found.ExperimentName) is { } refused) return refused;
        if (string.IsNullOrEmpty(path)) return MissingPath();
        var file = store.Artifacts.Resolve(found.RunId, path);
        if (!File.Exists(file))
        {
            return JsonBody.Problem(StatusCodes.Status404NotFound, "Not found", $"Run {found.RunId} has no artifact file '{Normalised(store, found.RunId, path)}'.");
        }
        return TypedResults.PhysicalFile(file, "application/octet-stream", Path.GetFileName(file));
    }

    private static async Task<IResult> UploadAsync(string run, string? path, HttpRequest request, MLCycleStore store, CancellationToken ct)
    {
        var found = await store.Tracking.GetRunAsync(run, ct);
        if (RunAccess.Refusal(request.HttpContext, Role.Editor, found.ExperimentName) is { } refused) return refused;
        if (string.IsNullOrEmpty(path)) return MissingPath();
        var relative = Normalised(store, found.RunId, path);
        if (request.ContentLength > MaxUploadBytes) return TooLarge();
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxUploadBytes;
        }
        try
        {
            var length = await store.Artifacts.PutStreamAsync(found.RunId, relative, request.Body, MaxUploadBytes, ct);
            return TypedResults.Json(new ArtifactBody(relative, length), TrackingJsonContext.Default.ArtifactBody, statusCode: StatusCodes.Status201Created);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
    }

    /// <summary>The path as the store keeps it ('/'-separated, no '.' segments), after the store's checks.</summary>
    private static string Normalised(MLCycleStore store, string runId, string path)
    {
        var full = store.Artifacts.Resolve(runId, path);
        return Path.GetRelativePath(Path.Combine(store.Artifacts.Root, runId), full).Replace(Path.DirectorySeparatorChar, '/');
    }

    private static IResult MissingPath() =>
        JsonBody.Problem(StatusCodes.Status400BadRequest, "Bad request", "The query parameter 'path' is required: the artifact's path inside the run, e.g. ?path=model/package.zip.");

    private static IResult TooLarge() =>
        JsonBody.Problem(StatusCodes.Status413PayloadTooLarge, "Artifact too large", $"An uploaded artifact may hold at most {MaxUploadBytes} bytes.");
}
