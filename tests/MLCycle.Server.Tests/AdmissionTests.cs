using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Server.Admission;

namespace MLCycle.Server.Tests;

/// <summary>Admission control over real HTTP, each test on a server of its own with small limits: refusals are immediate 429s with
/// Retry-After in each route's error format and counted in /metrics, health and metrics are never refused, and a stopping server
/// lets the requests in flight finish.</summary>
[Collection(ServerCollection.Name)]
public sealed class AdmissionTests(ServerFixture fixture)
{
    private static readonly object Customer = new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month", internet_service = "Fiber optic" };

    [Fact]
    public async Task Predict_atConcurrencyLimit_is429AtOnceWhileHealthAndMetricsAnswer()
    {
        await using var server = await StartAsync(new AdmissionOptions { MaxConcurrency = 1 });
        // Both routes once before the clock starts, so the time measured is the refusal's, not the first call's compilation
        // (on a loaded machine that alone took over 3 s).
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows = new[] { Customer } })).StatusCode);
        (await server.Client.PostAsJsonAsync("/v2/models/churn/infer", new { inputs = Array.Empty<object>() })).Dispose();
        // The warm-up's slots come back in their completion callbacks, which may run just after the client has the answer (ADR 0067).
        await AssertSlotsFreedAsync(server);
        // Holding the only slot as a request in flight would; the refusal must not wait for it.
        using var held = server.Admission.TryEnter(new DefaultHttpContext());
        Assert.NotNull(held);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var v1 = await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows = new[] { Customer } });
        var v2 = await server.Client.PostAsJsonAsync("/v2/models/churn/infer", new { inputs = Array.Empty<object>() });

        Assert.True(clock.ElapsedMilliseconds < 2_000, $"refusals took {clock.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.TooManyRequests, v1.StatusCode);
        Assert.Equal("1", v1.Headers.GetValues("Retry-After").Single());
        using (var problem = JsonDocument.Parse(await v1.Content.ReadAsStringAsync()))
        {
            Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
            // HttpClient sends JSON content chunked, without a Content-Length, so the request counts as large.
            Assert.Contains("limit of 1 large prediction requests", problem.RootElement.GetProperty("detail").GetString());
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, v2.StatusCode);
        Assert.Equal("1", v2.Headers.GetValues("Retry-After").Single());
        using (var error = JsonDocument.Parse(await v2.Content.ReadAsStringAsync()))
        {
            Assert.Contains("retry after 1 s", error.RootElement.GetProperty("error").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/v2/health/live")).StatusCode);
        Assert.Equal(2, Rejected(await server.Client.GetStringAsync("/metrics"), "concurrency"));

        held.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows = new[] { Customer } })).StatusCode);
    }

    [Fact]
    public async Task Predict_rowsOverFreeBudget_is429UntilTheBudgetIsFree()
    {
        await using var server = await StartAsync(new AdmissionOptions { MaxQueuedRows = 5 });
        var context = new DefaultHttpContext();
        using var held = server.Admission.TryEnter(context)!;
        Assert.Null(server.Admission.ReserveRows(context, 4));

        var refused = await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows = new[] { Customer, Customer } });
        var fits = await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows = new[] { Customer } });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Contains("2 rows do not fit the free row budget (1 of 5 rows free)", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        Assert.Equal(1, Rejected(await server.Client.GetStringAsync("/metrics"), "queued_rows"));

        held.Dispose();
        await AssertSlotsFreedAsync(server);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows = new[] { Customer, Customer } })).StatusCode);
    }

    [Fact]
    public async Task Predict_largeRequestsFillingTheServer_leaveSlotsAndRowsToSmallOnes()
    {
        await using var server = await StartAsync(new AdmissionOptions { MaxConcurrency = 4, MaxQueuedRows = 100 });
        var small = Body(1, padding: 0);
        var large = Body(1, padding: 70_000);
        Assert.True(small.Length < AdmissionControl.SmallBody && large.Length > AdmissionControl.SmallBody);
        var held = Enumerable.Range(0, 3).Select(_ => server.Admission.TryEnter(new DefaultHttpContext())).ToList();
        Assert.All(held, Assert.NotNull);
        Assert.Null(server.Admission.TryEnter(new DefaultHttpContext()));

        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostAsync(server, large)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(server, small)).StatusCode);

        held.ForEach(t => t!.Dispose());
        // The small request's slot and row come back in its response-completion callback, which may run just after its client has
        // the answer (ADR 0067).
        await AssertSlotsFreedAsync(server);
        var context = new DefaultHttpContext();
        using var rows = server.Admission.TryEnter(context)!;
        // Large requests may fill 90 of the 100 rows; the last ten are for small ones.
        Assert.Null(server.Admission.ReserveRows(context, 90));

        var refused = await PostAsync(server, large);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("(0 of 90 rows free)", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(server, small)).StatusCode);
    }

    [Fact]
    public async Task Predict_largeRequestAlone_mayUseTheWholeBudget()
    {
        await using var server = await StartAsync(new AdmissionOptions { MaxQueuedRows = 10 });
        var large = Body(10, padding: 7_000);
        Assert.True(large.Length > AdmissionControl.SmallBody);

        // Nine tenths of the budget is 9 rows for large requests, but with nothing else queued the 10 rows fit.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(server, large)).StatusCode);
    }

    private static string Body(int rows, int padding) => JsonSerializer.Serialize(new
    {
        rows = Enumerable.Repeat(new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month", internet_service = "Fiber optic", note = new string('x', padding) }, rows),
    });

    private static async Task<HttpResponseMessage> PostAsync(AdmissionServer server, string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        return await server.Client.PostAsync("/v1/models/churn/predict", content);
    }

    [Fact]
    public async Task Infer_moreRowsThanTheWholeBudget_is413WithTheProtocolErrorBody()
    {
        await using var server = await StartAsync(new AdmissionOptions { MaxQueuedRows = 2 });
        var inputs = new object[]
        {
            new { name = "tenure", shape = new[] { 3 }, datatype = "FP64", data = new[] { 1, 2, 3 } },
            new { name = "monthly_charges", shape = new[] { 3 }, datatype = "FP64", data = new[] { 20.0, 50.0, 90.0 } },
            new { name = "contract", shape = new[] { 3 }, datatype = "BYTES", data = new[] { "One year", "Two year", "Month-to-month" } },
            new { name = "internet_service", shape = new[] { 3 }, datatype = "BYTES", data = new[] { "No", "DSL", "Fiber optic" } },
        };

        var response = await server.Client.PostAsJsonAsync("/v2/models/churn/infer", new { inputs });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("3 rows exceed this server's row budget of 2", error.RootElement.GetProperty("error").GetString());
        await AssertSlotsFreedAsync(server);
    }

    [Fact]
    public async Task Stop_withABigRequestInFlight_letsItFinish()
    {
        await using var server = await StartAsync(new AdmissionOptions());
        var rows = Enumerable.Repeat(Customer, 10_000).ToArray();

        var request = server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (server.Admission.InFlight == 0 && !request.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(1);
        Assert.False(request.IsCompleted, "the request finished before the server was stopped; the test proves nothing");
        await server.App.StopAsync();
        var response = await request;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(10_000, json.RootElement.GetProperty("predictions").GetArrayLength());
    }

    private static double Rejected(string scrape, string reason) => AdmissionServer.Rejected(scrape, reason);

    // The slot is given back after the answer is written, so a client can read the answer a moment before: wait for it, briefly.
    // A slot that leaks stays taken and fails here.
    private static async Task AssertSlotsFreedAsync(AdmissionServer server)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(5); (server.Admission.InFlight, server.Admission.QueuedRows) != (0, 0) && DateTime.UtcNow < deadline;)
            await Task.Delay(10);
        Assert.Equal((0, 0), (server.Admission.InFlight, server.Admission.QueuedRows));
    }

    private Task<AdmissionServer> StartAsync(AdmissionOptions admission) => AdmissionServer.StartAsync(fixture, admission);
}
