using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using MLCycle.Server.Json;

namespace MLCycle.Server.Apis;

/// <summary>A successful predict answer (<see cref="PredictResponse"/>'s JSON, byte for byte), written into the response's pipe a
/// thousand predictions at a time, each with its id from beside it (ADR 0072). Flushing as it goes sends the headers and the first
/// rows while the rest are written, as the serializer did for a list it walked itself.</summary>
internal sealed class PredictAnswer(ModelIdentity model, IdentifiedPredictions predictions, IReadOnlyList<string> warnings) : IResult, IEndpointMetadataProvider
{
    private const int RowsPerFlush = 1_000;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var body = response.BodyWriter;
        var context = ServerJsonContext.Default;
        using var writer = new Utf8JsonWriter(body);
        writer.WriteStartObject();
        writer.WritePropertyName("model"u8);
        JsonSerializer.Serialize(writer, model, context.ModelIdentity);
        writer.WriteStartArray("predictions"u8);
        for (var i = 0; i < predictions.Count; i++)
        {
            PredictionJsonConverter.Write(writer, predictions.Scored, i, predictions.Ids[i], explanation: true, context.Options, predictions.Texts, keepTexts: true);
            if ((i + 1) % RowsPerFlush != 0) continue;
            writer.Flush();
            await body.FlushAsync(httpContext.RequestAborted);
        }
        writer.WriteEndArray();
        writer.WritePropertyName("warnings"u8);
        JsonSerializer.Serialize(writer, warnings, context.IReadOnlyListString);
        writer.WriteEndObject();
        writer.Flush();
        await body.FlushAsync(httpContext.RequestAborted);
    }

    /// <summary>The OpenAPI document describes the answer as the <see cref="PredictResponse"/> it is.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(PredictResponse), ["application/json"]));
}
