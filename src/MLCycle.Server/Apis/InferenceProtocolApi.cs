using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Hosting;
using MLCycle.Monitoring;
using MLCycle.Server.Admission;
using MLCycle.Server.Auth;
using MLCycle.Server.Json;
using MLCycle.Server.Problems;
using MLCycle.Serving;
using MLCycle.Storage;

namespace MLCycle.Server.Apis;

/// <summary>The Open Inference Protocol v2 (KServe, Triton, MLServer) beside the v1 route: health, server and model metadata, and
/// POST /v2/models/{name}[/versions/{v}]/infer with one named tensor per input column. {name} is served as the v1 route serves a
/// reference (the champion, else the latest version; "name@alias" works too); /versions/{v} names a version. Errors answer with the
/// protocol's {"error": "..."} body.</summary>
public static class InferenceProtocolApi
{
    private const string Platform = "mlcycle";

    public static IEndpointRouteBuilder MapInferenceProtocolApi(this IEndpointRouteBuilder routes)
    {
        var v2 = routes.MapGroup("/v2").AddEndpointFilter(ErrorBodyFilter);
        // Probes and the server's own metadata carry no token (load balancers and orchestrators call them); models are read and
        // scored under the same policy as the v1 predict route.
        v2.MapGet("/", () => TypedResults.Json(
            new InferenceServerMetadata(Platform, typeof(InferenceProtocolApi).Assembly.GetName().Version?.ToString(3) ?? "0.0.0", []),
            InferenceJsonContext.Default.InferenceServerMetadata)).AllowAnonymous();
        v2.MapGet("/health/live", () => TypedResults.Json(new InferenceHealth(Live: true), InferenceJsonContext.Default.InferenceHealth)).AllowAnonymous();
        v2.MapGet("/health/ready", Ready).AllowAnonymous();
        var models = v2.MapGroup("/models").RequireAuthorization(Policies.Predict);
        models.MapGet("/{name}", (string name, MLCycleStore store, ModelCache cache, CancellationToken ct) => MetadataAsync(name, null, store, cache, ct));
        models.MapGet("/{name}/versions/{version}", MetadataAsync);
        models.MapGet("/{name}/ready", (string name, ModelCache cache, CancellationToken ct) => ModelReadyAsync(name, null, cache, ct));
        models.MapGet("/{name}/versions/{version}/ready", ModelReadyAsync);
        models.MapPost("/{name}/infer",
            (string name, HttpRequest request, ModelCache cache, PredictionLogWriter log, ServingMetrics metrics, AdmissionControl admission,
                CanarySampler sampler, ShadowQueue shadows, LogRowBuilds builds, CancellationToken ct) =>
                InferAsync(name, null, request, cache, log, metrics, admission, sampler, shadows, builds, ct)).AddEndpointFilter<AdmissionFilter>();
        models.MapPost("/{name}/versions/{version}/infer", InferAsync).AddEndpointFilter<AdmissionFilter>();
        return routes;
    }

    // Ready once the warm-up has tried every model, and no longer once the host is stopping, so a load balancer drains this replica.
    // A prediction log that dropped rows leaves the replica ready (it still scores) but says "degraded", as /health does.
    private static JsonHttpResult<InferenceHealth> Ready(ModelWarmup warmup, IHostApplicationLifetime lifetime, PredictionLogWriter log)
    {
        var ready = warmup.IsReady && !lifetime.ApplicationStopping.IsCancellationRequested;
        var degraded = log.Degraded
            ? string.Create(CultureInfo.InvariantCulture, $"prediction log incomplete: {log.DroppedCount} rows dropped, {log.FailedCount} refused by the database since start")
            : null;
        return TypedResults.Json(new InferenceHealth(Ready: ready, Degraded: degraded), InferenceJsonContext.Default.InferenceHealth,
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<JsonHttpResult<InferenceModelMetadata>> MetadataAsync(string name, string? version, MLCycleStore store, ModelCache cache, CancellationToken ct)
    {
        var served = await cache.GetAsync(Reference(name, version), ct);
        var versions = await store.Registry.ListVersionsAsync(served.Version.Name, ct);
        var manifest = served.Model.Manifest;
        var metadata = new InferenceModelMetadata(
            served.Version.Name,
            [.. versions.Select(v => v.Version.ToString(CultureInfo.InvariantCulture))],
            Platform,
            [.. manifest.Inputs.Select(c => new TensorMetadata(c.Name, TensorDatatypes.For(c.Kind), [-1]))],
            InferenceResponseWriter.Outputs(manifest));
        return TypedResults.Json(metadata, InferenceJsonContext.Default.InferenceModelMetadata);
    }

    private static async Task<JsonHttpResult<InferenceModelReady>> ModelReadyAsync(string name, string? version, ModelCache cache, CancellationToken ct)
    {
        // Resolving loads the model; one that cannot be served raises by kind, answered by the error filter.
        var served = await cache.GetAsync(Reference(name, version), ct);
        return TypedResults.Json(new InferenceModelReady(served.Version.Name, true), InferenceJsonContext.Default.InferenceModelReady);
    }

    private static async Task<IResult> InferAsync(
        string name, string? version, HttpRequest request, ModelCache cache, PredictionLogWriter log, ServingMetrics metrics, AdmissionControl admission,
        CanarySampler sampler, ShadowQueue shadows, LogRowBuilds builds, CancellationToken ct)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        if (request.ContentType is { } contentType && !PredictApi.IsJson(contentType))
        {
            return Error(StatusCodes.Status415UnsupportedMediaType, $"The request body must be JSON (Content-Type: application/json); found '{contentType}'.");
        }
        // The route is picked before the body is read: tensors are read against the answering model's inputs.
        var route = await cache.GetRoutedAsync(Reference(name, version), ct);
        var (served, isCanary) = route.Pick(sampler);
        if (isCanary) request.HttpContext.Response.Headers["MLCycle-Route"] = "canary";
        var manifest = served.Model.Manifest;
        var outputNames = InferenceResponseWriter.Outputs(manifest).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var body = await InferenceRequestReader.ReadAsync(request.Body, manifest, outputNames, rows => admission.ReserveRows(request.HttpContext, rows), ct);
        // The rows live until the answer is sent: the log's rows are built from them after it (ADR 0067).
        var after = AfterResponse.Hold(request.HttpContext, body, builds);
        if (body.Refusal is { } refused) return AdmissionFilter.Answer(request.HttpContext, refused);
        if (body.Error is { } error) return Error(StatusCodes.Status400BadRequest, error);
        if (admission.ReserveTotal(request.HttpContext, body.Rows.Count) is { } late) return AdmissionFilter.Answer(request.HttpContext, late);
        var (result, predictions, pending) = LoggedScoring.Score(route, served, isCanary, body.Rows, 0, log, metrics, shadows, start);
        after.Log(pending);
        if (!result.IsValid)
        {
            return Error(StatusCodes.Status400BadRequest, "Some rows do not fit the model's inputs: "
                + string.Join("; ", result.Errors.Take(10).Select(e => $"row {e.Row}, input '{e.Field}': {e.Reason}"))
                + (result.Errors.Count > 10 ? $"; and {result.Errors.Count - 10} more" : "") + ".");
        }
        return new InferenceResponse(served.Version, manifest, body.Id, body.Outputs, predictions, result.Warnings);
    }

    private static string Reference(string name, string? version) => version is null ? name : $"{name}:{version}";

    internal static JsonHttpResult<InferenceError> Error(int status, string message) =>
        TypedResults.Json(new InferenceError(message), InferenceJsonContext.Default.InferenceError, statusCode: status);

    // The library raises by kind; here the kind becomes the same status as on v1, but with the protocol's error body. The store's
    // location is cut from the message as the problem handler cuts it.
    private static async ValueTask<object?> ErrorBodyFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (MLCycleException e)
        {
            var store = context.HttpContext.RequestServices.GetRequiredService<MLCycleStore>().Directory;
            var message = e.Message.Replace(store + Path.DirectorySeparatorChar, "", StringComparison.Ordinal).Replace(store, "the store", StringComparison.Ordinal);
            return Error(ProblemExceptionHandler.StatusFor(e.Kind), message);
        }
        catch (BadHttpRequestException e)
        {
            return Error(e.StatusCode, e.Message);
        }
    }
}
