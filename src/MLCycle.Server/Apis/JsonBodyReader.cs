using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MLCycle.Server.Admission;
using MLCycle.Server.Json;
using MLCycle.Server.Problems;

namespace MLCycle.Server.Apis;

/// <summary>Reads the small JSON object body of a registry write: 415 for another media type, 413 past <see cref="MaxBytes"/>,
/// 400 naming the fault for malformed JSON or a body that is not an object.</summary>
internal static class JsonBodyReader
{
    public const int MaxBytes = 64 * 1024;

    public static async Task<(JsonElement Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentType is { } contentType && !PredictApi.IsJson(contentType))
        {
            return (default, TypedResults.Problem(title: "Unsupported media type",
                detail: $"The request body must be JSON (Content-Type: application/json); found '{contentType}'.", statusCode: StatusCodes.Status415UnsupportedMediaType));
        }
        if (request.ContentLength > MaxBytes) return (default, TooLarge());
        using var body = await PooledBody.ReadBoundedAsync(request.Body, MaxBytes, ct);
        if (body is null) return (default, TooLarge());
        // JsonDocument reads a string's bytes only when asked for its value, so text that is not UTF-8 would fail later, as a 500.
        if (PredictRequestReader.InvalidUtf8At(body.Bytes.Span) is { } offset)
            return (default, InputProblem.Create("The request body is not valid UTF-8.", [new FieldError(null, "$", $"invalid UTF-8 at byte {offset}")]));
        try
        {
            // A member given twice ({"version":1,"version":3}) says two things: which was meant cannot be known, so neither is acted on.
            using var document = JsonDocument.Parse(body.Bytes, new JsonDocumentOptions { AllowDuplicateProperties = false });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (default, InputProblem.Create("The request body must be a JSON object.", [new FieldError(null, "$", $"expected an object, found {document.RootElement.ValueKind}")]));
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (default, InputProblem.Create("The request body is not valid JSON.", [new FieldError(null, "$", $"malformed JSON: {ex.Message}")]));
        }
    }

    /// <summary>The string field, or an error for the problem body; null when absent and not required.</summary>
    public static string? String(JsonElement body, string field, bool required, List<FieldError> errors)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) errors.Add(new FieldError(null, field, "missing: expected a non-empty string"));
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError(null, field, $"expected a non-empty string, found {value.ValueKind}"));
            return null;
        }
        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            errors.Add(new FieldError(null, field, StoredText.NotText));
            return null;
        }
        if (string.IsNullOrWhiteSpace(text)) errors.Add(new FieldError(null, field, "expected a non-empty string, found an empty one"));
        else if (text.Contains('\0', StringComparison.Ordinal)) errors.Add(new FieldError(null, field, StoredText.HasNul));
        else return text;
        return null;
    }

    /// <summary>The positive integer field, or an error for the problem body.</summary>
    public static int? PositiveInt(JsonElement body, string field, List<FieldError> errors)
    {
        if (body.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number > 0) return number;
        errors.Add(new FieldError(null, field, body.TryGetProperty(field, out var found) ? $"expected a positive whole number, found {found.GetRawText()}" : "missing: expected a positive whole number"));
        return null;
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(title: "Payload too large",
        detail: $"The request body is larger than {MaxBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
