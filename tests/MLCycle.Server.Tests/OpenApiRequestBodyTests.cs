using System.Text.Json;

namespace MLCycle.Server.Tests;

/// <summary>The OpenAPI document describes what each write route under /api/v1 reads: every POST and PUT has a request body whose
/// schema has the fields of the route's request record, as they are sent (snake_case for tracking, camelCase for the registry).</summary>
public sealed class OpenApiRequestBodyTests : IAsyncLifetime
{
    /// <summary>The fields each write route reads, from its request record (src/MLCycle.Server/Json).</summary>
    private static readonly Dictionary<string, string[]> Expected = new(StringComparer.Ordinal)
    {
        ["post /api/v1/runs"] = ["experiment", "name", "tags"],
        ["post /api/v1/runs/{run}/log-batch"] = ["params", "metrics", "tags"],
        ["post /api/v1/runs/{run}/end"] = ["status", "error"],
        ["post /api/v1/models/{name}/versions"] = ["runId", "version"],
        ["put /api/v1/models/{name}/aliases/{alias}"] = ["version", "reason"],
        ["post /api/v1/models/{name}/rollback"] = ["alias"],
        ["post /api/v1/models/{name}/approval-requests"] = ["version", "alias", "reason", "expiresIn"],
        ["post /api/v1/approval-requests/{id}/approve"] = ["reason"],
        ["post /api/v1/approval-requests/{id}/reject"] = ["reason"],
    };

    /// <summary>Writes whose body is not JSON: an artifact upload is the file's bytes; protecting an alias and a run's heartbeat need no body.</summary>
    private static readonly string[] NotJson =
        ["put /api/v1/runs/{run}/artifacts/upload", "put /api/v1/models/{name}/aliases/{alias}/protection", "post /api/v1/runs/{run}/heartbeat"];

    private AccessServer server = null!;

    public async Task InitializeAsync() => server = await AccessServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task OpenApi_everyApiWrite_hasARequestBodyWithTheFieldsOfItsRecord()
    {
        using var response = await server.SendAsAsync("reader", new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json"));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;

        var writes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var path in root.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "post" or "put"))
            {
                writes[$"{operation.Name} {path.Name}"] = operation.Value;
            }
        }

        Assert.Equal(Expected.Keys.Concat(NotJson).Order(StringComparer.Ordinal), writes.Keys.Order(StringComparer.Ordinal));
        foreach (var (route, fields) in Expected)
        {
            Assert.True(writes[route].TryGetProperty("requestBody", out var body), $"{route} has no requestBody");
            var schema = Resolve(root, body.GetProperty("content").GetProperty("application/json").GetProperty("schema"));
            var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name);
            Assert.True(fields.Order(StringComparer.Ordinal).SequenceEqual(properties.Order(StringComparer.Ordinal)),
                $"{route}: expected [{string.Join(", ", fields)}], found [{string.Join(", ", properties)}]");
        }
        var upload = writes["put /api/v1/runs/{run}/artifacts/upload"].GetProperty("requestBody").GetProperty("content").GetProperty("application/octet-stream");
        Assert.Equal("binary", upload.GetProperty("schema").GetProperty("format").GetString());
        Assert.True(writes["post /api/v1/runs/{run}/log-batch"].GetProperty("requestBody").GetProperty("required").GetBoolean());
        var end = writes["post /api/v1/runs/{run}/end"].GetProperty("requestBody");
        Assert.False(end.TryGetProperty("required", out var required) && required.GetBoolean());
    }

    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference)) return schema;
        var name = reference.GetString()!["#/components/schemas/".Length..];
        return root.GetProperty("components").GetProperty("schemas").GetProperty(name);
    }
}
