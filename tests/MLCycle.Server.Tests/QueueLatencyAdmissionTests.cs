using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MLCycle.Server.Admission;

namespace MLCycle.Server.Tests;

/// <summary>The queue latency objective (docs/adr/0053) over real HTTP: the server measures the rows it answers per second, and while a
/// large request holds rows another large one is admitted only if the rows queued are answered within the objective at that rate;
/// a large request alone, and small requests, are still admitted.</summary>
[Collection(ServerCollection.Name)]
public sealed class QueueLatencyAdmissionTests(ServerFixture fixture)
{
    private static readonly object Customer = new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month", internet_service = "Fiber optic" };

    [Fact]
    public async Task RowsPerSecond_afterLargeRequests_isMeasuredAndSetsTheLatencyBudget()
    {
        await using var server = await AdmissionServer.StartAsync(fixture, new AdmissionOptions { MaxQueueLatency = TimeSpan.FromMilliseconds(50) });
        Assert.Null(server.Admission.RowsPerSecond);

        await MeasureAsync(server);

        var perSecond = server.Admission.RowsPerSecond!.Value;
        // Rows were answered (at least one 2,000-row request in under a minute), and not faster than a core scores a row (1 µs).
        Assert.InRange(perSecond, 2_000 / 60.0, 2_000_000);
        Assert.InRange(server.Admission.LatencyRows!.Value, (int)(perSecond * 0.05) - 1, (int)(perSecond * 0.05) + 1);
    }

    [Fact]
    public async Task Predict_largeWhileAnotherLargeHoldsRows_is429OverTheObjectiveAndAdmittedAlone()
    {
        // 1 ms: no second large request can be answered within it at any rate this machine reaches.
        await using var server = await AdmissionServer.StartAsync(fixture, new AdmissionOptions { MaxQueueLatency = TimeSpan.FromMilliseconds(1) });
        await MeasureAsync(server);
        var budget = server.Admission.LatencyRows!.Value;
        var rows = Enumerable.Repeat(Customer, budget + 50).ToArray();
        var context = new DefaultHttpContext();
        context.Request.ContentLength = 1_000_000;
        var held = server.Admission.TryEnter(context)!;
        Assert.Null(server.Admission.ReserveRows(context, 1));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var refused = await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows });
        var refusedMs = clock.ElapsedMilliseconds;
        var small = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn/predict")
        {
            // A Content-Length of at most 64 KB makes the request small: the objective does not apply to it.
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new { rows = new[] { Customer } })) { Headers = { ContentType = new("application/json") } },
        });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Contains("queue latency objective of 1 ms", await refused.Content.ReadAsStringAsync());
        Assert.True(refusedMs < 5_000, $"the refusal took {refusedMs} ms");
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(1, AdmissionServer.Rejected(await server.Client.GetStringAsync("/metrics"), "queue_latency"));

        held.Dispose();
        var alone = await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows });
        Assert.Equal(HttpStatusCode.OK, alone.StatusCode);
    }

    [Fact]
    public async Task Predict_objectiveOff_admitsALargeBesideAnotherWithinTheRowBudget()
    {
        await using var server = await AdmissionServer.StartAsync(fixture, new AdmissionOptions { MaxQueueLatency = TimeSpan.Zero });
        await MeasureAsync(server);
        Assert.Null(server.Admission.LatencyRows);
        var context = new DefaultHttpContext();
        context.Request.ContentLength = 1_000_000;
        using var held = server.Admission.TryEnter(context)!;
        Assert.Null(server.Admission.ReserveRows(context, 1));

        var response = await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows = Enumerable.Repeat(Customer, 500).ToArray() });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // Large requests one after another (HttpClient sends JSON chunked, so they count as large) until the server has measured its rate.
    private static async Task MeasureAsync(AdmissionServer server)
    {
        var rows = Enumerable.Repeat(Customer, 2_000).ToArray();
        for (var i = 0; i < 50 && server.Admission.RowsPerSecond is null; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows })).StatusCode);
            // The rows are given back just after the answer is written.
            for (var wait = 0; wait < 100 && server.Admission.QueuedRows > 0; wait++) await Task.Delay(10);
        }
        Assert.NotNull(server.Admission.RowsPerSecond);
    }
}
