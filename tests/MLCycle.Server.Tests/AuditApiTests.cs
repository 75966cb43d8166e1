using System.Net;
using System.Text.Json;
using MLCycle.Access;

namespace MLCycle.Server.Tests;

/// <summary>GET /api/v1/audit over real HTTP on loopback, with the users of <see cref="AccessServer"/>: a global admin reads the log
/// newest first a page at a time; every other user is refused, and the refusal is itself in the log.</summary>
public sealed class AuditApiTests : IAsyncLifetime
{
    private AccessServer server = null!;

    public async Task InitializeAsync() => server = await AccessServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string user, string path)
    {
        using var response = await server.SendAsAsync(user, new HttpRequestMessage(HttpMethod.Get, path));
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode >= 400) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private Task AppendAsync(string action, DateTimeOffset time) => server.Store.Audit.AppendAsync(new AuditEntry
    {
        Time = time, Actor = "local:root", Address = "local", Action = action, Target = "churn@champion", Allowed = true,
        BeforeJson = """{"version":1}""", AfterJson = """{"version":2}""",
    });

    [Fact]
    public async Task Audit_readerAndEditor_are403AndTheRefusalsAreInTheLogAnAdminReads()
    {
        var (readerStatus, readerBody) = await GetAsync("reader", "/api/v1/audit");
        var (editorStatus, _) = await GetAsync("editor", "/api/v1/audit");
        var (anonymousStatus, _) = await GetAsync("anonymous", "/api/v1/audit");
        var (adminStatus, page) = await GetAsync("admin", "/api/v1/audit");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.OK),
            (readerStatus, editorStatus, anonymousStatus, adminStatus));
        Assert.Contains("'reader'", readerBody.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var denied = page.GetProperty("items").EnumerateArray().Where(e => !e.GetProperty("allowed").GetBoolean()).ToList();
        // Newest first: anonymous, then editor, then reader.
        Assert.Equal(["anonymous", "editor", "reader"], denied.Select(e => e.GetProperty("actor").GetString()));
        Assert.All(denied, e => Assert.Equal(("GET /api/v1/audit", "127.0.0.1"), (e.GetProperty("action").GetString(), e.GetProperty("address").GetString())));
        Assert.Equal([401, 403, 403], denied.Select(e => e.GetProperty("status").GetInt32()));
    }

    [Fact]
    public async Task Audit_aRunRefusedByItsHandler_isADeniedLineForReadsAndWrites()
    {
        // The route's policy lets any reader through; the handler refuses once it knows the run's experiment.
        using var created = await server.SendAsAsync("admin", new HttpRequestMessage(HttpMethod.Post, "/api/v1/runs")
        {
            Content = new StringContent("""{"experiment":"churn-exp","name":"private"}""", System.Text.Encoding.UTF8, "application/json"),
        });
        var run = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("run_id").GetString();

        var (read, _) = await GetAsync("outsider", $"/api/v1/runs/{run}");
        using var write = await server.SendAsAsync("outsider", new HttpRequestMessage(HttpMethod.Post, $"/api/v1/runs/{run}/end")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        });
        var (_, page) = await GetAsync("admin", "/api/v1/audit");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (read, write.StatusCode));
        var denied = page.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("actor").GetString() == "outsider").ToList();
        Assert.Equal(["POST /api/v1/runs/{run}/end", "GET /api/v1/runs/{run}"], denied.Select(e => e.GetProperty("action").GetString()));
        Assert.All(denied, e => Assert.Equal((false, 403), (e.GetProperty("allowed").GetBoolean(), e.GetProperty("status").GetInt32())));
    }

    [Fact]
    public async Task Audit_readByAnAdmin_writesNothing()
    {
        await AppendAsync("users.add", DateTimeOffset.UtcNow);
        var before = (await server.Store.Audit.ReadAsync()).Count;

        var (first, _) = await GetAsync("admin", "/api/v1/audit");
        var (second, _) = await GetAsync("admin", "/api/v1/audit?max_results=1");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first, second));
        Assert.Equal(before, (await server.Store.Audit.ReadAsync()).Count);
    }

    [Fact]
    public async Task Audit_pagesOfSeven_equalOneBigPageNewestFirst_andSinceLeavesOutOlderLines()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        for (var i = 0; i < 30; i++) await AppendAsync($"action.{i:D2}", start.AddMinutes(i));

        var (_, whole) = await GetAsync("admin", "/api/v1/audit?max_results=1000");
        var paged = new List<JsonElement>();
        string? token = null;
        var pages = 0;
        do
        {
            var (status, page) = await GetAsync("admin", "/api/v1/audit?max_results=7" + (token is null ? "" : "&page_token=" + Uri.EscapeDataString(token)));
            Assert.Equal(HttpStatusCode.OK, status);
            paged.AddRange(page.GetProperty("items").EnumerateArray());
            token = page.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null);
        var (_, recent) = await GetAsync("admin", "/api/v1/audit?since=" + Uri.EscapeDataString(start.AddMinutes(20).ToString("O")));

        var all = whole.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(30, all.Count(e => e.GetProperty("action").GetString()!.StartsWith("action.", StringComparison.Ordinal)));
        Assert.Equal((all.Count + 6) / 7, pages);
        Assert.Equal(all.Select(e => e.GetRawText()), paged.Select(e => e.GetRawText()));
        var ids = all.Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal("action.29", all[0].GetProperty("action").GetString());
        Assert.Equal(("""{"version":1}""", """{"version":2}"""), (all[0].GetProperty("beforeJson").GetString(), all[0].GetProperty("afterJson").GetString()));
        // The fixture's user lines were written just now (before these, with lower ids): since is a time, not a position.
        var recentActions = recent.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()!).ToList();
        Assert.Equal(Enumerable.Range(20, 10).Reverse().Select(i => $"action.{i:D2}"), recentActions.Where(a => a.StartsWith("action.", StringComparison.Ordinal)));
        Assert.Contains("users.add", recentActions);
    }

    [Theory]
    [InlineData("since=yesterday", "since 'yesterday' is not a date and time")]
    [InlineData("page_token=bm90LWEtdG9rZW4", "page_token 'bm90LWEtdG9rZW4' was not issued by this server for the audit log")]
    [InlineData("max_results=0", "max_results must be a whole number from 1 to 1000; found '0'")]
    [InlineData("max_results=ten", "max_results must be a whole number from 1 to 1000; found 'ten'")]
    public async Task Audit_badParameter_is400NamingIt(string query, string expected)
    {
        var (status, problem) = await GetAsync("admin", "/api/v1/audit?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_aTokenOfAnotherList_is400()
    {
        // A models-list token holds a model name, not an audit id.
        var token = Uri.EscapeDataString(Convert.ToBase64String("r1:churn"u8.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_'));

        var (status, problem) = await GetAsync("admin", "/api/v1/audit?page_token=" + token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("page_token", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
