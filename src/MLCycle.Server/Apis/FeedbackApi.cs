using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MLCycle.Monitoring;
using MLCycle.Server.Admission;
using MLCycle.Server.Auth;
using MLCycle.Server.Json;
using MLCycle.Server.Problems;

namespace MLCycle.Server.Apis;

/// <summary>POST /v1/models/{name}/feedback {"outcomes":[{"id":"…","label":"Yes"}|{"key":"7590-VHVEG","value":3.2}]}: stores what really
/// happened for served predictions, keyed by the ids the predict call returned or by the model's key column (monitor.key); unknown ids and
/// keys are counted and listed, never dropped silently.</summary>
public static class FeedbackApi
{
    /// <summary>The largest body read; a bigger batch of outcomes is sent in parts (or with `mlcycle feedback`).</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>The most outcomes one request may carry.</summary>
    public const int MaxOutcomes = 100_000;

    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder routes)
    {
        // Outcomes steer performance monitoring and retraining: sending them is a write to the model, for its editors.
        routes.MapGroup("/v1/models").MapPost("/{name}/feedback", RecordAsync).RequireAuthorization(Policies.Editor);
        return routes;
    }

    private static async Task<Results<JsonHttpResult<FeedbackResult>, ProblemHttpResult>> RecordAsync(
        string name, HttpRequest request, FeedbackRecorder recorder, CancellationToken ct)
    {
        if (request.ContentType is { } contentType && !PredictApi.IsJson(contentType))
        {
            return TypedResults.Problem(title: "Unsupported media type",
                detail: $"The request body must be JSON (Content-Type: application/json); found '{contentType}'.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        if (request.ContentLength > MaxBodyBytes) return TooLarge();
        // Read in bounded steps: a body without Content-Length must not grow the buffer past the limit either.
        using var body = await PooledBody.ReadBoundedAsync(request.Body, MaxBodyBytes, ct);
        if (body is null) return TooLarge();
        // As on the prediction routes: bytes that are no UTF-8, or an escaped surrogate without its pair, would fail only when an
        // id or a label is read, as a server error.
        if (PredictRequestReader.InvalidUtf8At(body.Bytes.Span) is { } offset)
            return InputProblem.Create("The request body is not valid UTF-8.", [new FieldError(null, "$", $"invalid UTF-8 at byte {offset}")]);
        JsonDocument document;
        try
        {
            // An outcome that names its label twice says two things; which one was meant cannot be known, so neither is stored.
            document = JsonDocument.Parse(body.Bytes, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            return InputProblem.Create("The request body is not valid JSON.", [new FieldError(null, "$", $"malformed JSON: {ex.Message}")]);
        }
        using (document)
        {
            if (EscapedSurrogates.FindUnpaired(body.Bytes.Span, document.RootElement) is { } path)
                return InputProblem.Create("The request body is not a valid feedback request.", [new FieldError(null, path, EscapedSurrogates.Reason)]);
            var errors = new List<FieldError>();
            var outcomes = Read(document.RootElement, errors);
            if (errors.Count > 0) return InputProblem.Create("The request body is not a valid feedback request.", errors);
            var result = await recorder.RecordAsync(name, outcomes, ct);
            return TypedResults.Json(result, ServerJsonContext.Default.FeedbackResult);
        }
    }

    private static List<PredictionOutcome> Read(JsonElement root, List<FieldError> errors)
    {
        var outcomes = new List<PredictionOutcome>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("outcomes", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new FieldError(null, "outcomes", "expected a JSON object with an 'outcomes' array of {\"id\", \"label\"} or {\"id\", \"value\"} objects (or \"key\" instead of \"id\")"));
            return outcomes;
        }
        var count = list.GetArrayLength();
        if (count is 0 or > MaxOutcomes)
        {
            errors.Add(new FieldError(null, "outcomes", count == 0 ? "empty: send at least one outcome" : $"{count} outcomes: at most {MaxOutcomes} per request"));
            return outcomes;
        }
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (errors.Count >= 100) break;
            var id = Text(item, "id");
            // A key is the caller's own (customerID): a string, or a number as written.
            var key = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.Number ? k.GetRawText() : Text(item, "key");
            string? label = null;
            double? value = null;
            if (id is null && key is null) errors.Add(new FieldError(index, "id", "missing: expected the prediction's 'id' as a string, or the model's 'key' (its monitor.key column)"));
            else if (id is not null && key is not null) errors.Add(new FieldError(index, "key", "give either 'id' or 'key', not both"));
            else if (item.TryGetProperty("label", out var l) && l.ValueKind != JsonValueKind.Null)
            {
                if (l.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                    label = l.ValueKind == JsonValueKind.String ? l.GetString() : l.GetRawText();
                else errors.Add(new FieldError(index, "label", "expected a string"));
            }
            else if (item.TryGetProperty("value", out var v) && v.ValueKind != JsonValueKind.Null)
            {
                if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d)) value = d;
                else errors.Add(new FieldError(index, "value", "expected a number"));
            }
            else errors.Add(new FieldError(index, "label", "missing: give 'label' (classification) or 'value' (regression)"));
            outcomes.Add(new PredictionOutcome(id ?? "", label, value) { Key = id is null ? key : null });
            index++;
        }
        return outcomes;
    }

    private static string? Text(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(title: "Payload too large",
        detail: $"The feedback body is larger than {MaxBodyBytes} bytes; send the outcomes in smaller parts.",
        statusCode: StatusCodes.Status413PayloadTooLarge);
}
