using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MLCycle.Client.Json;

namespace MLCycle.Client;

/// <summary>Sends requests to one server with its Bearer token, async or truly sync (HttpClient.Send, no blocking on a task),
/// and turns every refusal into an <see cref="MLCycleApiException"/> with the problem body's title and detail.</summary>
internal sealed class ApiTransport(Uri server, string? token, HttpClient http)
{
    public Uri Server { get; } = server;

    public static HttpContent Json<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    public async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> answer, CancellationToken ct)
    {
        using var response = await SendAsync(method, path, content, ct).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(stream, answer, ct).ConfigureAwait(false) ?? throw Empty(method, path, response.StatusCode);
    }

    public T Send<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> answer, CancellationToken ct)
    {
        using var response = Send(method, path, content, ct);
        using var stream = response.Content.ReadAsStream(ct);
        return JsonSerializer.Deserialize(stream, answer) ?? throw Empty(method, path, response.StatusCode);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = Create(method, path, content);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (Unreachable(e, method, path, ct) is { } failure)
        {
            throw failure;
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            throw Refusal(response, method, path, await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
        }
    }

    public HttpResponseMessage Send(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = Create(method, path, content);
        HttpResponseMessage response;
        try
        {
            response = http.Send(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (Exception e) when (Unreachable(e, method, path, ct) is { } failure)
        {
            throw failure;
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            using var reader = new StreamReader(response.Content.ReadAsStream(ct), Encoding.UTF8);
            throw Refusal(response, method, path, reader.ReadToEnd());
        }
    }

    private HttpRequestMessage Create(HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, new Uri(Server, path.TrimStart('/'))) { Content = content };
        if (!string.IsNullOrEmpty(token)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <summary>A connection failure or a timeout, named with the server's address; null for the caller's own cancellation.</summary>
    private MLCycleApiException? Unreachable(Exception e, HttpMethod method, string path, CancellationToken ct) => e switch
    {
        HttpRequestException => new MLCycleApiException(null, method.Method, Shown(path), null, $"could not reach the MLCycle server at {Server}: {e.Message}", e),
        TaskCanceledException when !ct.IsCancellationRequested =>
            new MLCycleApiException(null, method.Method, Shown(path), null, $"the MLCycle server at {Server} did not answer within {http.Timeout.TotalSeconds:0} s.", e),
        _ => null,
    };

    private static MLCycleApiException Refusal(HttpResponseMessage response, HttpMethod method, string path, string body)
    {
        string? title = null, detail = null;
        try
        {
            if (body.Length > 0 && JsonSerializer.Deserialize(body, ProblemWireContext.Default.ProblemWire) is { } problem)
            {
                (title, detail) = (problem.Title, problem.Detail);
            }
        }
        catch (JsonException)
        {
            // Not a problem body (a proxy's page, say): its first line is still the best explanation there is.
        }
        if (title is null && detail is null && body.Length > 0) detail = body.Split('\n')[0].Trim() is var line && line.Length > 300 ? line[..300] + "…" : line;
        return new MLCycleApiException(response.StatusCode, method.Method, Shown(path), title ?? response.ReasonPhrase, detail);
    }

    private static MLCycleApiException Empty(HttpMethod method, string path, HttpStatusCode status) =>
        new(status, method.Method, Shown(path), "Empty answer", "the server answered without a body where one was expected.");

    /// <summary>The path as a reader of the error expects it: from the root, as the server's routes are written.</summary>
    private static string Shown(string path) => "/" + path.TrimStart('/');
}
