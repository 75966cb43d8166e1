using System.Net;
using System.Text;
using System.Text.Json;

namespace MLCycle.Server.Tests;

/// <summary>A page token carries the last run's sort values whole (ADR 0035): ordering by a param as long as the API allows makes a
/// token longer than Kestrel's default 8 KB request line, and the next page must still be served, not refused with 414.</summary>
public sealed class LongSortValueTests : IAsyncLifetime
{
    private AccessServer server = null!;

    public async Task InitializeAsync() => server = await AccessServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Search_orderedByAParamOfTheLongestAllowedValue_pagesThroughEveryRun()
    {
        foreach (var last in new[] { 'c', 'a', 'b' })
        {
            var value = new string('x', Apis.TrackingApi.MaxParamValue - 1) + last;
            using var create = await SendAsync("editor", HttpMethod.Post, "/api/v1/runs", $$"""{"experiment":"churn-exp","name":"{{last}}"}""");
            var run = JsonDocument.Parse(await create.Content.ReadAsStringAsync()).RootElement.GetProperty("run_id").GetString();
            using var logged = await SendAsync("editor", HttpMethod.Post, $"/api/v1/runs/{run}/log-batch", $$"""{"params":[{"key":"note","value":"{{value}}"}]}""");
            Assert.Equal(HttpStatusCode.NoContent, logged.StatusCode);
        }
        var query = "/api/v1/runs?experiment=churn-exp&order_by=" + Uri.EscapeDataString("params.note ASC") + "&max_results=1";

        var names = new List<string>();
        string? token = null;
        var longest = 0;
        do
        {
            var path = token is null ? query : query + "&page_token=" + Uri.EscapeDataString(token);
            longest = Math.Max(longest, path.Length);
            using var response = await SendAsync("reader", HttpMethod.Get, path);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
            var page = JsonDocument.Parse(text).RootElement;
            names.AddRange(page.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("name").GetString()!));
            token = page.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
        }
        while (token is not null && names.Count < 10);

        Assert.Equal(["a", "b", "c"], names);
        // The premise: the request line was past the 8 KB Kestrel allows by default.
        Assert.True(longest > 8 * 1024, $"the longest request path was {longest} characters");
    }

    private Task<HttpResponseMessage> SendAsync(string user, HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return server.SendAsAsync(user, request);
    }
}
