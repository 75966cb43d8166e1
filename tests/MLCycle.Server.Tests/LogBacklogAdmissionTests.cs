using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MLCycle.Monitoring;
using MLCycle.Server.Admission;

namespace MLCycle.Server.Tests;

/// <summary>Large prediction requests wait while the prediction log is behind (docs/adr/0060), over real HTTP on a real store: the
/// log's writer is held back by a long linger, so its backlog is what a slow store would leave.</summary>
[Collection(ServerCollection.Name)]
public sealed class LogBacklogAdmissionTests(ServerFixture fixture)
{
    private static readonly object Customer = new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month", internet_service = "Fiber optic" };

    // 8 MB of budget holds the first request's rows whole; a tenth of it (800 KB) is less than they take, so the log is then behind.
    // The linger holds the writer for 10 s and the batch size is never reached, so nothing is written until the test has asked.
    private static readonly PredictionLogWriterOptions HeldLog = new() { MaxQueuedBytes = 8 * 1024 * 1024, MaxBatchSize = 1_000_000, Linger = TimeSpan.FromSeconds(10) };

    private static readonly object[] LargeRows = Enumerable.Repeat(Customer, 4_000).ToArray();

    [Fact]
    public async Task Predict_largeWhileTheLogIsBehind_is429AndAdmittedOnceItCaughtUp()
    {
        await using var server = await AdmissionServer.StartAsync(fixture, new AdmissionOptions { MaxLogBacklog = 0.1 }, HeldLog);

        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows = LargeRows })).StatusCode);
        await QueuedAsync(server);
        Assert.True(server.Log.QueuedBytes > HeldLog.MaxQueuedBytes / 10, $"the log holds {server.Log.QueuedBytes} bytes; the test needs more than a tenth of the budget");
        var refused = await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows = LargeRows });
        // HttpClient sends JSON content chunked, without a Content-Length: such a request counts as large, whatever it holds.
        var refusedV2 = await server.Client.PostAsJsonAsync("/v2/models/churn/infer", new
        {
            inputs = new object[] { new { name = "tenure", shape = new[] { 1 }, datatype = "FP64", data = new[] { 2.0 } } },
        });
        var small = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn/predict")
        {
            // A Content-Length of at most 64 KB makes the request small: it is still admitted, and its row still logged.
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new { rows = new[] { Customer } })) { Headers = { ContentType = new("application/json") } },
        });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Contains("prediction log is behind", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedV2.StatusCode);
        Assert.Contains("prediction log is behind", (await refusedV2.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(2, AdmissionServer.Rejected(await server.Client.GetStringAsync("/metrics"), "log_backlog"));

        // Once the writer has written what it held, large requests are admitted again, and nothing was dropped.
        for (var wait = 0; wait < 300 && server.Log.QueuedBytes > 0; wait++) await Task.Delay(100);
        Assert.Equal(0, server.Log.QueuedBytes);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows = LargeRows })).StatusCode);
        // The last answer's rows are queued just after it (ADR 0067).
        for (var wait = 0; wait < 200 && server.Log.WrittenCount + server.Log.QueuedCount < 2 * LargeRows.Length + 1; wait++) await Task.Delay(50);
        Assert.Equal(0, server.Log.DroppedCount);
        Assert.Equal(2 * LargeRows.Length + 1, server.Log.WrittenCount + server.Log.QueuedCount);
    }

    [Fact]
    public async Task Predict_largeWhileTheLogIsBehind_isAdmittedWithTheLimitOff()
    {
        await using var server = await AdmissionServer.StartAsync(fixture, new AdmissionOptions { MaxLogBacklog = 1 }, HeldLog);

        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows = LargeRows })).StatusCode);
        await QueuedAsync(server);
        Assert.True(server.Log.QueuedBytes > HeldLog.MaxQueuedBytes / 10);
        var second = await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows = LargeRows });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(0, AdmissionServer.Rejected(await server.Client.GetStringAsync("/metrics"), "log_backlog"));
    }

    // A request's log rows are queued just after its answer is sent (ADR 0067): wait for the first request's, up to 10 s.
    private static async Task QueuedAsync(AdmissionServer server)
    {
        for (var wait = 0; wait < 200 && server.Log.QueuedBytes <= HeldLog.MaxQueuedBytes / 10; wait++) await Task.Delay(50);
    }
}
