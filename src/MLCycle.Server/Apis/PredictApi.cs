using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using MLCycle.Monitoring;
using MLCycle.Server.Admission;
using MLCycle.Server.Auth;
using MLCycle.Server.Json;
using MLCycle.Server.Problems;
using MLCycle.Serving;

namespace MLCycle.Server.Apis;

/// <summary>POST /v1/models/{reference}/predict[?explain=K]: scores JSON rows with the model a reference names and logs each prediction;
/// with <c>explain</c>, each prediction carries its K largest input contributions.</summary>
public static class PredictApi
{
    public static IEndpointRouteBuilder MapPredictApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/v1/models").MapPost("/{reference}/predict", PredictAsync).RequireAuthorization(Policies.Predict).AddEndpointFilter<AdmissionFilter>();
        return routes;
    }

    private static async Task<Results<PredictAnswer, ProblemHttpResult>> PredictAsync(
        string reference, HttpRequest request, ModelCache cache, PredictionLogWriter log, ServingMetrics metrics, AdmissionControl admission,
        CanarySampler sampler, ShadowQueue shadows, LogRowBuilds builds, CancellationToken ct)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var explain = 0;
        if (request.Query.TryGetValue("explain", out var explainText)
            && (!int.TryParse(explainText, NumberStyles.None, CultureInfo.InvariantCulture, out explain) || explain == 0))
        {
            return TypedResults.Problem(
                title: "Bad request",
                detail: $"Query parameter 'explain' must be a whole number of contributions per row (1 or more); found '{explainText}'.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        // Only JSON is read: a form or text/plain POST (which a web page can send cross-site without a preflight) is refused
        // before anything is scored or logged. A request without a content type is read as JSON, as curl's --data-binary sends it.
        if (request.ContentType is { } contentType && !IsJson(contentType))
        {
            return TypedResults.Problem(
                title: "Unsupported media type",
                detail: $"The request body must be JSON (Content-Type: application/json); found '{contentType}'.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        var body = await PredictRequestReader.ReadAsync(request.Body, rows => admission.ReserveRows(request.HttpContext, rows), ct);
        // The rows live until the answer is sent: the log's rows are built from them after it (ADR 0067).
        var after = AfterResponse.Hold(request.HttpContext, body, builds);
        if (body.Refusal is { } refused) return AdmissionFilter.Problem(refused);
        if (body.Errors.Count > 0)
        {
            return InputProblem.Create("The request body is not a valid prediction request.", body.Errors);
        }
        if (admission.ReserveTotal(request.HttpContext, body.Rows.Count) is { } late) return AdmissionFilter.Problem(late);
        var route = await cache.GetRoutedAsync(reference, ct);
        var (served, isCanary) = route.Pick(sampler);
        if (isCanary) request.HttpContext.Response.Headers["MLCycle-Route"] = "canary";
        // A bad K or a package without explanations raises by kind: 400 or 409 from the problem handler.
        var (result, predictions, pending) = LoggedScoring.Score(route, served, isCanary, body.Rows, explain, log, metrics, shadows, start);
        after.Log(pending);
        if (!result.IsValid)
        {
            return InputProblem.Create("Some input rows do not fit the model's input schema.",
                [.. result.Errors.Select(e => new FieldError(e.Row, e.Field, e.Reason))]);
        }
        return new PredictAnswer(new ModelIdentity(served.Version.Name, served.Version.Version), predictions, result.Warnings);
    }

    internal static bool IsJson(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.HasValue
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value!.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
