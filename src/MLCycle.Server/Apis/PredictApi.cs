using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MLCycle.Monitoring;
using MLCycle.Server.Json;
using MLCycle.Server.Problems;
using MLCycle.Serving;

namespace MLCycle.Server.Apis;

/// <summary>POST /v1/models/{reference}/predict: scores JSON rows with the model a reference names and logs each prediction.</summary>
public static class PredictApi
{
    public static IEndpointRouteBuilder MapPredictApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/v1/models").MapPost("/{reference}/predict", PredictAsync);
        return routes;
    }

    private static async Task<Results<JsonHttpResult<PredictResponse>, ProblemHttpResult>> PredictAsync(
        string reference, HttpRequest request, ModelCache cache, PredictionLogWriter log, CancellationToken ct)
    {
        using var body = await PredictRequestReader.ReadAsync(request.Body, ct);
        if (body.Errors.Count > 0)
        {
            return InputProblem.Create("The request body is not a valid prediction request.", body.Errors);
        }
        var served = await cache.GetAsync(reference, ct);
        var result = served.Model.Score(body.Rows);
        if (!result.IsValid)
        {
            return InputProblem.Create("Some input rows do not fit the model's input schema.",
                [.. result.Errors.Select(e => new FieldError(e.Row, e.Field, e.Reason))]);
        }

        var now = DateTimeOffset.UtcNow;
        var predictions = new Prediction[result.Predictions.Count];
        for (var i = 0; i < predictions.Length; i++)
        {
            predictions[i] = result.Predictions[i]!;
            log.TryWrite(new PredictionLogEntry(served.Version.Name, served.Version.Version, now, body.RawRows[i],
                JsonSerializer.Serialize(predictions[i], ServerJsonContext.Default.Prediction)));
        }
        var response = new PredictResponse(new ModelIdentity(served.Version.Name, served.Version.Version), predictions, result.Warnings);
        return TypedResults.Json(response, ServerJsonContext.Default.PredictResponse);
    }
}
