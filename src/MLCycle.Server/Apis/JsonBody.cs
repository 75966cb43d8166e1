using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using MLCycle.Server.Json;

namespace MLCycle.Server.Apis;

/// <summary>Reads the JSON body of an API request: 415 for another media type, 413 past <see cref="MaxBytes"/>, 400 naming where
/// the JSON is wrong; never an exception to the caller.</summary>
internal static class JsonBody
{
    /// <summary>The largest JSON body accepted; a batch of 1,000 metrics with 250-character keys is about 300 KB.</summary>
    public const long MaxBytes = 4 * 1024 * 1024;

    /// <summary>The body as <typeparamref name="T"/>, or the problem to answer; an <paramref name="optional"/> body may be absent.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, bool optional, CancellationToken ct)
        where T : class
    {
        var hasBody = request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (request.ContentType is null && !hasBody)
        {
            return optional ? (null, null) : (null, Problem(StatusCodes.Status400BadRequest, "Missing body", "This route needs a JSON body (Content-Type: application/json)."));
        }
        if (request.ContentType is not { } contentType || !PredictApi.IsJson(contentType))
        {
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"The request body must be JSON (Content-Type: application/json); found '{request.ContentType ?? "no Content-Type"}'."));
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxBytes;
        }
        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, type, ct);
            return value is null ? (null, Problem(StatusCodes.Status400BadRequest, "Bad request", "The body is JSON null; expected an object.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problem(StatusCodes.Status400BadRequest, "Bad request", $"The body is not valid for this route: {Describe(e)}"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problem(e.StatusCode, "Body too large", $"The body is larger than the {MaxBytes} bytes accepted on this route."));
        }
    }

    public static IResult Problem(int status, string title, string detail) => TypedResults.Problem(title: title, detail: detail, statusCode: status);

    // The serializer's own message names .NET types ("could not be converted to MLCycle.Server.Json.LogBatchRequest"): a client
    // is told where in its JSON the value of the wrong kind is, not how the server is built.
    private static string Describe(JsonException e) =>
        e.Message.Contains("could not be converted to", StringComparison.Ordinal)
            ? $"the value at {Where(e)} is not of the kind expected there (an object, array, string or number as documented)."
            : e.Message is StoredText.HasNul or StoredText.NotText ? $"the value at {Where(e)} {e.Message}."
            : e.Message;

    private static string Where(JsonException e) => $"{e.Path ?? "$"} (line {(e.LineNumber ?? 0) + 1}, byte {e.BytePositionInLine ?? 0})";
}
