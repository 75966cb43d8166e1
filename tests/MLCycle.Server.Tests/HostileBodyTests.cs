using System.Net;
using System.Text;
using System.Text.Json;

namespace MLCycle.Server.Tests;

/// <summary>
/// Every JSON write route of the API, taken from the OpenAPI document so a new route is attacked too, gets the bodies a
/// careless or hostile client sends: truncated, not an object, nested past any sane depth, invalid UTF-8, a NUL in a key,
/// each field of the route's record with the wrong type or an overflowing number, a 4 MB string, and the right JSON under a
/// wrong content type, a member given twice. Each must be a 4xx with a problem body that shows no stack trace and no path of the store; never a 5xx.
/// </summary>
public sealed class HostileBodyTests : IAsyncLifetime
{
    /// <summary>A body each route accepts as to its form; every attack changes one field of it, so the bad value is what is judged
    /// rather than a missing field. A JSON write without an entry here fails the test.</summary>
    private static readonly Dictionary<string, string> Valid = new(StringComparer.Ordinal)
    {
        ["post /api/v1/runs"] = """{"experiment":"churn-exp","name":"hostile","tags":[{"key":"team","value":"risk"}]}""",
        ["post /api/v1/runs/{run}/log-batch"] =
            """{"params":[{"key":"p","value":"v"}],"metrics":[{"key":"m","value":1,"step":0,"timestamp":1700000000000}],"tags":[{"key":"t","value":"v"}]}""",
        ["post /api/v1/runs/{run}/end"] = """{"status":"Failed","error":"stopped"}""",
        ["post /api/v1/models/{name}/versions"] = """{"runId":"RUN","version":1}""",
        ["put /api/v1/models/{name}/aliases/{alias}"] = """{"version":1,"reason":"why"}""",
        ["post /api/v1/models/{name}/rollback"] = """{"alias":"champion"}""",
        ["post /api/v1/models/{name}/approval-requests"] = """{"version":1,"alias":"champion","reason":"why","expiresIn":"1d"}""",
        ["post /api/v1/approval-requests/{id}/approve"] = """{"reason":"why"}""",
        ["post /api/v1/approval-requests/{id}/reject"] = """{"reason":"why"}""",
    };

    private AccessServer server = null!;

    public async Task InitializeAsync() => server = await AccessServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task EveryJsonWrite_hostileBodies_areRefusedWithA4xxProblem()
    {
        using var document = await OpenApiAsync();
        var root = document.RootElement;
        var failures = new List<string>();
        var attacked = 0;
        foreach (var (method, template, schema) in JsonWrites(root))
        {
            Assert.True(Valid.TryGetValue($"{method} {template}", out var valid), $"{method} {template} has no valid body in HostileBodyTests.Valid: add one");
            // A run of its own per route: an attack that got through to an end or a batch must not change what the next route sees.
            var run = await CreateRunAsync();
            var path = template.Replace("{run}", run).Replace("{name}", "churn").Replace("{alias}", "champion").Replace("{id}", "1");
            using var baseBody = JsonDocument.Parse(valid.Replace("RUN", run));
            foreach (var (kind, body, contentType) in Bodies(root, schema, baseBody.RootElement))
            {
                attacked++;
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new(contentType);
                // A body past the limit is refused before it is read: asking to continue lets the client hear that answer
                // instead of a broken pipe when the server closes the connection mid-upload.
                request.Headers.ExpectContinue = true;
                using var response = await server.SendAsAsync("admin", request);
                var text = await response.Content.ReadAsStringAsync();
                var problem = Problem(response, text);
                if (problem is not null) failures.Add($"{method.ToUpperInvariant()} {template} with {kind}: {problem}");
            }
        }
        Assert.True(attacked > 50, $"only {attacked} requests were sent: the OpenAPI document lists fewer JSON writes than expected");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // What is wrong with an answer to a hostile body, or null when it is a proper refusal.
    private string? Problem(HttpResponseMessage response, string text)
    {
        var status = (int)response.StatusCode;
        if (status is < 400 or >= 500) return $"status {status}: {Shorten(text)}";
        if (text.Length == 0) return null; // Kestrel's own 400s (a malformed request line or body framing) carry no body
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"{status} with content type {response.Content.Headers.ContentType}";
        if (text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal)) return $"{status} shows an exception: {Shorten(text)}";
        if (text.Contains(server.Folder, StringComparison.Ordinal)) return $"{status} shows the store's path: {Shorten(text)}";
        return null;
    }

    private static IEnumerable<(string Kind, byte[] Body, string ContentType)> Bodies(JsonElement root, JsonElement? schema, JsonElement valid)
    {
        const string json = "application/json";
        yield return ("an empty body", [], json);
        yield return ("a truncated object", "{\"a\":"u8.ToArray(), json);
        yield return ("null", "null"u8.ToArray(), json);
        yield return ("an array", "[1,2,3]"u8.ToArray(), json);
        yield return ("a string", "\"x\""u8.ToArray(), json);
        yield return ("100,000 nested arrays", Encoding.ASCII.GetBytes(new string('[', 100_000) + new string(']', 100_000)), json);
        yield return ("objects nested 10,000 deep", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)), json);
        yield return ("invalid UTF-8 in a string", [.. "{\"reason\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8], json);
        yield return ("a NUL in a key", "{\"ver\\u0000sion\":1}"u8.ToArray(), json);
        yield return ("a 4 MB string", Encoding.ASCII.GetBytes("{\"reason\":\"" + new string('x', 4 << 20) + "\"}"), json);
        yield return ("valid JSON as text/plain", "{}"u8.ToArray(), "text/plain");
        yield return ("valid JSON as form data", "{}"u8.ToArray(), "application/x-www-form-urlencoded");
        yield return ("a lone surrogate escape", "{\"reason\":\"\\ud800\"}"u8.ToArray(), json);
        // The valid body with its first member given again (the same value: two members are refused however alike, since a
        // parser that keeps one of them hides that the client said it twice).
        var first = valid.EnumerateObject().First();
        yield return ($"'{first.Name}' given twice", [.. Encoding.UTF8.GetBytes(valid.GetRawText()[..^1]), .. Encoding.UTF8.GetBytes($",{JsonSerializer.Serialize(first.Name)}:{first.Value.GetRawText()}}}")], json);
        if (schema is not { } s) yield break;
        foreach (var field in Properties(root, s))
        {
            foreach (var (kind, value) in WrongValues(root, field.Value, valid.TryGetProperty(field.Name, out var given) ? given : null))
            {
                yield return ($"'{field.Name}' as {kind}", With(valid, field.Name, value), json);
            }
        }
    }

    // The object with one member set to raw bytes (which may be no valid JSON at all), the others as they were.
    private static byte[] With(JsonElement valid, string name, byte[] value)
    {
        var others = valid.EnumerateObject().Where(p => p.Name != name).Select(p => Encoding.UTF8.GetBytes($",{JsonSerializer.Serialize(p.Name)}:{p.Value.GetRawText()}"));
        return [.. "{"u8, .. Encoding.UTF8.GetBytes(JsonSerializer.Serialize(name)), .. ":"u8, .. value, .. others.SelectMany(b => b), .. "}"u8];
    }

    // Values of the wrong type for a field, numbers no field can hold, and text a store cannot keep; for a list of objects, the
    // same inside its first item.
    private static IEnumerable<(string Kind, byte[] Value)> WrongValues(JsonElement root, JsonElement property, JsonElement? valid, int depth = 0)
    {
        var type = TypeOf(Resolve(root, property));
        yield return ("an object", "{\"x\":{\"y\":[]}}"u8.ToArray());
        yield return ("a number past double's range", "1e400"u8.ToArray());
        // A number is the right kind for a number field: only what no field of its type can hold is wrong there.
        if (type != "number") yield return ("an integer past Int64", "123456789012345678901234567890"u8.ToArray());
        if (type == "integer") yield return ("a fraction", "1.5"u8.ToArray());
        var format = Resolve(root, property).TryGetProperty("format", out var f) ? f.GetString() : null;
        if (type != "number" && format != "int64") yield return ("an integer past Int32", "-2147483649"u8.ToArray());
        yield return ("an array of mixed items", "[1,\"a\",null,{}]"u8.ToArray());
        yield return ("true", "true"u8.ToArray());
        if (type != "string") yield return ("a string", "\"x\""u8.ToArray());
        // Text that is the right type but cannot be kept: PostgreSQL stores no NUL, and invalid UTF-8 or a lone surrogate is no text.
        yield return ("a string with a NUL", "\"a\\u0000b\""u8.ToArray());
        yield return ("invalid UTF-8", [(byte)'"', 0xC3, 0x28, 0xFF, (byte)'"']);
        yield return ("a lone surrogate", "\"\\udc00x\""u8.ToArray());
        if (type != "array") yield break;
        yield return ("an array of 100,000 empty objects", Encoding.ASCII.GetBytes("[" + string.Join(',', Enumerable.Repeat("{}", 100_000)) + "]"));
        if (depth > 0 || !Resolve(root, property).TryGetProperty("items", out var items)
            || valid is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() == 0) yield break;
        var item = list[0];
        foreach (var inner in Properties(root, items))
        {
            foreach (var (kind, value) in WrongValues(root, inner.Value, item.TryGetProperty(inner.Name, out var given) ? given : null, depth + 1))
            {
                yield return ($"an item whose '{inner.Name}' is {kind}", [.. "["u8, .. With(item, inner.Name, value), .. "]"u8]);
            }
        }
    }

    // OpenAPI 3.1 writes a nullable field's type as a list ("string", "null").
    private static string? TypeOf(JsonElement schema) => !schema.TryGetProperty("type", out var type) ? null
        : type.ValueKind == JsonValueKind.String ? type.GetString()
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null") : null;

    private static IEnumerable<JsonProperty> Properties(JsonElement root, JsonElement schema)
    {
        var resolved = Resolve(root, schema);
        return resolved.TryGetProperty("properties", out var properties) ? properties.EnumerateObject() : [];
    }

    private static IEnumerable<(string Method, string Path, JsonElement? Schema)> JsonWrites(JsonElement root)
    {
        foreach (var path in root.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "post" or "put" or "patch"))
            {
                JsonElement? schema = operation.Value.TryGetProperty("requestBody", out var body)
                    && body.GetProperty("content").TryGetProperty("application/json", out var content) ? content.GetProperty("schema") : null;
                // An upload is the file's bytes, and the protection route reads no body: only JSON bodies are attacked here.
                if (schema is null) continue;
                yield return (operation.Name, path.Name, schema);
            }
        }
    }

    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference)) return schema;
        var name = reference.GetString()!["#/components/schemas/".Length..];
        return root.GetProperty("components").GetProperty("schemas").GetProperty(name);
    }

    private async Task<string> CreateRunAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/runs")
        {
            Content = new StringContent("""{"experiment":"churn-exp","name":"hostile"}""", Encoding.UTF8, "application/json"),
        };
        using var response = await server.SendAsAsync("admin", request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return created.RootElement.GetProperty("run_id").GetString()!;
    }

    private async Task<JsonDocument> OpenApiAsync()
    {
        using var response = await server.SendAsAsync("reader", new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json"));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
