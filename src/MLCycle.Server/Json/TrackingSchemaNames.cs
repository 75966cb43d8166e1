using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MLCycle.Server.Json;

/// <summary>Names the properties of the tracking API's bodies in the OpenAPI document as they are sent (snake_case): the document's
/// generator describes types with the web defaults (camelCase), not with <see cref="TrackingJsonContext"/>.</summary>
internal static class TrackingSchemaNames
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (schema.Properties is not { Count: > 0 } properties || TrackingJsonContext.Default.GetTypeInfo(context.JsonTypeInfo.Type) is null)
        {
            return Task.CompletedTask;
        }
        foreach (var (name, property) in properties.ToList())
        {
            properties.Remove(name);
            properties[JsonNamingPolicy.SnakeCaseLower.ConvertName(name)] = property;
        }
        if (schema.Required is { Count: > 0 } required)
        {
            var names = required.Select(JsonNamingPolicy.SnakeCaseLower.ConvertName).ToList();
            required.Clear();
            foreach (var n in names) required.Add(n);
        }
        return Task.CompletedTask;
    }
}
