using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MLCycle.Server.Apis;

/// <summary>
/// Request bodies in the OpenAPI document for routes that read their body by hand (to answer every bad field at once). Not
/// <c>Accepts&lt;T&gt;</c>: its metadata also takes part in routing, which would answer a wrong Content-Type with a bare 415 before
/// authorization and before the route's own problem body.
/// </summary>
internal static class RequestBodies
{
    /// <summary>Documents <typeparamref name="T"/> as the route's body of <paramref name="contentType"/>; documentation only.</summary>
    public static RouteHandlerBuilder DocumentsBody<T>(this RouteHandlerBuilder route, string contentType = "application/json", bool optional = false) =>
        route.WithMetadata(new Body(typeof(T), contentType, optional));

    /// <summary>The operation transformer that writes the documented body into each operation.</summary>
    public static async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Body>().LastOrDefault() is not { } body) return;
        IOpenApiSchema schema = body.Type == typeof(Stream)
            ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" }
            : await context.GetOrCreateSchemaAsync(body.Type, parameterDescription: null, ct);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = !body.Optional,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { [body.ContentType] = new() { Schema = schema } },
        };
    }

    private sealed record Body(Type Type, string ContentType, bool Optional);
}
