using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MLCycle.Server.Tests;

/// <summary>The tracking API over real HTTP on loopback, with the tokens of <see cref="AccessServer"/>: "reader", "editor" and
/// "approver" hold their role on experiment "churn-exp"; "outsider" reads model "fraud" only; "admin" may do anything.</summary>
public sealed class TrackingApiTests : IAsyncLifetime
{
    private AccessServer server = null!;

    public async Task InitializeAsync() => server = await AccessServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(string user, HttpMethod method, string path, string? json = null, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, mediaType);
        using var response = await server.SendAsAsync(user, request);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode >= 400) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<string> CreateRunAsync(string user = "editor", string experiment = "churn-exp", string name = "run")
    {
        var (status, body) = await SendAsync(user, HttpMethod.Post, "/api/v1/runs", $$"""{"experiment":"{{experiment}}","name":"{{name}}","tags":[{"key":"team","value":"risk"}]}""");
        Assert.Equal(HttpStatusCode.Created, status);
        return body.GetProperty("run_id").GetString()!;
    }

    private static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString()!;

    [Fact]
    public async Task Runs_createLogEndGet_roundTripsEveryValueAndRefusesASecondEnd()
    {
        var run = await CreateRunAsync();

        var (logged, _) = await SendAsync("editor", HttpMethod.Post, $"/api/v1/runs/{run}/log-batch", """
            {"params":[{"key":"algorithm","value":"lightgbm"}],
             "metrics":[{"key":"auc","value":0.5,"step":0,"timestamp":1700000000000},{"key":"auc","value":0.81,"step":1,"timestamp":1700000001000},
                        {"key":"loss","value":"NaN"}],
             "tags":[{"key":"stage","value":"train"}]}
            """);
        var (ended, endBody) = await SendAsync("editor", HttpMethod.Post, $"/api/v1/runs/{run}/end", """{"status":"failed","error":"out of memory"}""");
        var (again, againBody) = await SendAsync("editor", HttpMethod.Post, $"/api/v1/runs/{run}/end");
        var (read, body) = await SendAsync("reader", HttpMethod.Get, $"/api/v1/runs/{run}");

        Assert.Equal(HttpStatusCode.NoContent, logged);
        Assert.Equal(HttpStatusCode.OK, ended);
        Assert.Equal("Failed", endBody.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Contains("already ended as Failed", Detail(againBody));
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal("churn-exp", body.GetProperty("experiment").GetString());
        Assert.Equal("out of memory", body.GetProperty("error").GetString());
        Assert.Equal("lightgbm", body.GetProperty("params")[0].GetProperty("value").GetString());
        var metrics = body.GetProperty("metrics");
        Assert.Equal(0.81, metrics[0].GetProperty("value").GetDouble());
        Assert.Equal(1, metrics[0].GetProperty("step").GetInt64());
        Assert.Equal(1700000001000, metrics[0].GetProperty("timestamp").GetInt64());
        Assert.Equal("NaN", metrics[1].GetProperty("value").GetString());
        Assert.Equal(["stage", "team"], body.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task LogBatch_written_conflicting_orOfAnUnknownRun_leavesExactlyOneAuditLineWithItsStatus()
    {
        var run = await CreateRunAsync();
        const string action = "POST /api/v1/runs/{run}/log-batch";

        var (logged, _) = await SendAsync("editor", HttpMethod.Post, $"/api/v1/runs/{run}/log-batch", """{"params":[{"key":"algorithm","value":"lightgbm"}]}""");
        var (conflict, _) = await SendAsync("editor", HttpMethod.Post, $"/api/v1/runs/{run}/log-batch",
            """{"params":[{"key":"algorithm","value":"fasttree"}],"metrics":[{"key":"auc","value":0.9}]}""");
        var (unknown, _) = await SendAsync("editor", HttpMethod.Post, "/api/v1/runs/0123456789abcdef0123456789abcdef/log-batch", """{"metrics":[{"key":"auc","value":0.9}]}""");

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.Conflict, HttpStatusCode.NotFound), (logged, conflict, unknown));
        var lines = (await server.Store.Audit.ReadAsync()).Where(e => e.Action == action).ToList();
        // The written batch's line was committed with the batch (one line, not also the trail's); the refused ones by the trail.
        Assert.Equal([(204, true), (409, true), (404, true)], lines.Select(e => (e.Status, e.Allowed)));
        Assert.All(lines, e => Assert.Equal("editor", e.Actor));
        Assert.Equal($"/api/v1/runs/{run}/log-batch", lines[0].Target);
        // The conflicting batch wrote nothing, its metric included.
        Assert.Empty((await server.Store.Tracking.GetRunAsync(run)).Metrics);
    }

    [Fact]
    public async Task LogBatch_oneBadItem_writesNothingAndNamesEveryProblem()
    {
        var run = await CreateRunAsync();
        var tooMany = string.Join(",", Enumerable.Range(0, 1001).Select(i => $$"""{"key":"m{{i % 7}}","value":{{i}}}"""));

        var (bad, problem) = await SendAsync("editor", HttpMethod.Post, $"/api/v1/runs/{run}/log-batch",
            """{"params":[{"key":"algorithm","value":"lightgbm"},{"key":"trees"}],"metrics":[{"key":"auc","value":"Infinity"}]}""");
        var (many, manyProblem) = await SendAsync("editor", HttpMethod.Post, $"/api/v1/runs/{run}/log-batch", $$"""{"metrics":[{{tooMany}}]}""");
        var (unknown, unknownProblem) = await SendAsync("editor", HttpMethod.Post, $"/api/v1/runs/{run}/log-batch", """{"metric":[{"key":"auc","value":1}]}""");
        var (_, body) = await SendAsync("reader", HttpMethod.Get, $"/api/v1/runs/{run}");

        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("params[1] needs both 'key' and 'value'", Detail(problem));
        Assert.Contains("metrics[0] ('auc') is Infinity", Detail(problem));
        Assert.Equal(HttpStatusCode.BadRequest, many);
        Assert.Contains("'metrics' holds 1001 items; at most 1000", Detail(manyProblem));
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Contains("'metric'", Detail(unknownProblem));
        Assert.Equal(0, body.GetProperty("params").GetArrayLength());
        Assert.Equal(0, body.GetProperty("metrics").GetArrayLength());
    }

    [Fact]
    public async Task LogBatch_paramChanged_is409AndTheRestOfTheBatchIsNotWritten()
    {
        var run = await CreateRunAsync();
        await SendAsync("editor", HttpMethod.Post, $"/api/v1/runs/{run}/log-batch", """{"params":[{"key":"trees","value":"100"}]}""");

        var (status, problem) = await SendAsync("editor", HttpMethod.Post, $"/api/v1/runs/{run}/log-batch",
            """{"params":[{"key":"trees","value":"200"}],"metrics":[{"key":"auc","value":0.9}]}""");
        var (_, body) = await SendAsync("reader", HttpMethod.Get, $"/api/v1/runs/{run}");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("'trees'", Detail(problem));
        Assert.Equal(0, body.GetProperty("metrics").GetArrayLength());
    }

    [Theory]
    [InlineData("[1]", "the value at $ (line 1, byte 1)")]
    [InlineData("""{"metrics":[{"key":"auc","value":{"x":1}}]}""", "the value at $.metrics[0].value")]
    public async Task LogBatch_valueOfTheWrongKind_is400NamingItsPathNotAServerType(string json, string expected)
    {
        var run = await CreateRunAsync();

        var (status, problem) = await SendAsync("editor", HttpMethod.Post, $"/api/v1/runs/{run}/log-batch", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, Detail(problem), StringComparison.Ordinal);
        Assert.DoesNotContain("MLCycle.", Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routes_bodyThatIsNotJson_is415()
    {
        var run = await CreateRunAsync();

        var (status, problem) = await SendAsync("editor", HttpMethod.Post, $"/api/v1/runs/{run}/log-batch", "metrics=1", "application/x-www-form-urlencoded");
        var (create, _) = await SendAsync("editor", HttpMethod.Post, "/api/v1/runs", "{}", "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Contains("application/x-www-form-urlencoded", Detail(problem));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, create);
    }

    [Fact]
    public async Task Search_filterAndOrder_returnsMatchingRunsAndPagesThroughAll()
    {
        foreach (var (name, auc) in new[] { ("a", 0.9), ("b", 0.7), ("c", 0.95), ("d", 0.85) })
        {
            var run = await CreateRunAsync(name: name);
            await SendAsync("editor", HttpMethod.Post, $"/api/v1/runs/{run}/log-batch", $$"""{"metrics":[{"key":"auc","value":{{auc}}}]}""");
        }
        var query = "/api/v1/runs?experiment=churn-exp&filter=" + Uri.EscapeDataString("metrics.auc > 0.8 and tags.team = 'risk'")
            + "&order_by=" + Uri.EscapeDataString("metrics.auc DESC") + "&max_results=2";

        var (first, page1) = await SendAsync("reader", HttpMethod.Get, query);
        var token = page1.GetProperty("next_page_token").GetString()!;
        var (_, page2) = await SendAsync("reader", HttpMethod.Get, query + "&page_token=" + Uri.EscapeDataString(token));

        Assert.Equal(HttpStatusCode.OK, first);
        var names = page1.GetProperty("runs").EnumerateArray().Concat(page2.GetProperty("runs").EnumerateArray()).Select(r => r.GetProperty("name").GetString());
        Assert.Equal(["c", "a", "d"], names);
        Assert.False(page2.TryGetProperty("next_page_token", out _));
    }

    [Theory]
    [InlineData("filter=metrics.auc%20%3E%200%20or%201%3D1", "at position 17: expected 'and' or the end")]
    [InlineData("filter=params.x%20%3D%20%27open", "at position 12: expected a closing '")]
    [InlineData("order_by=metrics.auc%20sideways", "expected ASC, DESC")]
    [InlineData("max_results=ten", "max_results must be a whole number")]
    [InlineData("max_results=0", "between 1 and 10000, got 0")]
    [InlineData("page_token=abc", "was not issued by this store")]
    public async Task Search_badQuery_is400NamingTheProblem(string query, string expected)
    {
        var (status, problem) = await SendAsync("reader", HttpMethod.Get, "/api/v1/runs?experiment=churn-exp&" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, Detail(problem));
    }

    [Fact]
    public async Task Access_rolesAreCheckedOnTheRunsExperiment()
    {
        var run = await CreateRunAsync();
        var other = await CreateRunAsync("admin", "other-exp", "hidden");

        var (readerCreates, _) = await SendAsync("reader", HttpMethod.Post, "/api/v1/runs", """{"experiment":"churn-exp"}""");
        var (editorElsewhere, elsewhere) = await SendAsync("editor", HttpMethod.Post, "/api/v1/runs", """{"experiment":"other-exp"}""");
        var (editorLogsOther, _) = await SendAsync("editor", HttpMethod.Post, $"/api/v1/runs/{other}/log-batch", """{"metrics":[]}""");
        var (readerEnds, _) = await SendAsync("reader", HttpMethod.Post, $"/api/v1/runs/{run}/end");
        var (outsiderReads, _) = await SendAsync("outsider", HttpMethod.Get, $"/api/v1/runs/{run}");
        var (anonymousReads, _) = await SendAsync("anonymous", HttpMethod.Get, $"/api/v1/runs/{run}");
        var (_, readerList) = await SendAsync("reader", HttpMethod.Get, "/api/v1/runs");
        var (_, adminList) = await SendAsync("admin", HttpMethod.Get, "/api/v1/runs");
        var (_, outsiderList) = await SendAsync("outsider", HttpMethod.Get, "/api/v1/runs");

        Assert.Equal(HttpStatusCode.Forbidden, readerCreates);
        Assert.Equal(HttpStatusCode.Forbidden, editorElsewhere);
        Assert.Contains("on experiment 'other-exp'", Detail(elsewhere));
        Assert.Equal(HttpStatusCode.Forbidden, editorLogsOther);
        Assert.Equal(HttpStatusCode.Forbidden, readerEnds);
        Assert.Equal(HttpStatusCode.Forbidden, outsiderReads);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousReads);
        Assert.Equal([run], readerList.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()));
        Assert.Equal([other, run], adminList.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()));
        Assert.Equal(0, outsiderList.GetProperty("runs").GetArrayLength());
    }

    [Fact]
    public async Task Artifacts_uploadListDownload_roundTripsBytesInsideTheRun()
    {
        var run = await CreateRunAsync();
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray();
        using var upload = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/runs/{run}/artifacts/upload?path=model/./weights.bin")
        {
            Content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
        };

        using var uploaded = await server.SendAsAsync("editor", upload);
        var (listed, list) = await SendAsync("reader", HttpMethod.Get, $"/api/v1/runs/{run}/artifacts?path=model");
        using var download = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/runs/{run}/artifacts/download?path=model/weights.bin");
        using var downloaded = await server.SendAsAsync("reader", download);
        var (missing, _) = await SendAsync("reader", HttpMethod.Get, $"/api/v1/runs/{run}/artifacts/download?path=model/nope.bin");

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed);
        var file = Assert.Single(list.GetProperty("files").EnumerateArray());
        Assert.Equal("model/weights.bin", file.GetProperty("path").GetString());
        Assert.Equal(bytes.Length, file.GetProperty("length").GetInt64());
        Assert.Equal(bytes, await downloaded.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Theory]
    [InlineData("../../escape.txt", "contains '..'")]
    [InlineData("%2Fetc%2Fpasswd", "is absolute")]
    [InlineData("C:%5Cwindows", "is absolute")]
    [InlineData("bad%01name", "invalid name")]
    [InlineData("", "'path' is required")]
    public async Task Artifacts_pathLeavingTheRunOrWithControlCharacters_is400(string path, string expected)
    {
        var run = await CreateRunAsync();
        using var upload = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/runs/{run}/artifacts/upload?path={path}") { Content = new ByteArrayContent([1, 2, 3]) };

        using var response = await server.SendAsAsync("editor", upload);
        var (download, _) = await SendAsync("reader", HttpMethod.Get, $"/api/v1/runs/{run}/artifacts/download?path={path}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, download);
        Assert.False(File.Exists(Path.Combine(server.Store.Artifacts.Root, "escape.txt")));
    }

    [Fact]
    public async Task Artifacts_readerUploads_is403()
    {
        var run = await CreateRunAsync();
        using var upload = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/runs/{run}/artifacts/upload?path=a.txt") { Content = new ByteArrayContent([1]) };

        using var response = await server.SendAsAsync("reader", upload);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(server.Store.Artifacts.List(run));
    }
}
