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

/// <summary>The API and dashboard routes have an admission limit of their own: past it they are refused at once with 429 and
/// Retry-After while predictions still answer, and a full prediction limit leaves them alone.</summary>
[Collection(ServerCollection.Name)]
public sealed class ApiAdmissionTests(ServerFixture fixture)
{
    private static readonly object Customer = new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month", internet_service = "Fiber optic" };

    [Fact]
    public async Task Api_atItsLimit_is429AtOnceWhilePredictionsAndHealthAnswer()
    {
        await using var server = await StartAsync(new AdmissionOptions { MaxApiConcurrency = 2 });
        var api = server.App.Services.GetRequiredService<ApiAdmission>();
        // One answer first, so the timing below is of refusals and not of a new server's first request (JIT, connection).
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync("/api/v1/runs")).StatusCode);
        // Two searches in flight, as a flood would hold them; the refusals must not wait for them.
        using var first = api.TryEnter()!;
        using var second = api.TryEnter()!;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var search = await server.Client.GetAsync("/api/v1/runs?filter=metrics.auc%20%3E%200.5");
        var page = await server.Client.GetAsync("/runs");
        Assert.True(clock.ElapsedMilliseconds < 2_000, $"refusals took {clock.ElapsedMilliseconds} ms");
        // Timed apart: a server's first prediction may load the model.
        var predicted = await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows = new[] { Customer } });

        Assert.Equal(HttpStatusCode.TooManyRequests, search.StatusCode);
        Assert.Equal("1", search.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", search.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(await search.Content.ReadAsStringAsync()))
        {
            Assert.Contains("limit of 2 API and dashboard requests", problem.RootElement.GetProperty("detail").GetString());
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health")).StatusCode);
        Assert.Equal(2, Rejected(await server.Client.GetStringAsync("/metrics"), "api_concurrency"));

        first.Dispose();
        // A slot is free again: the search gets past admission to authentication (no token here), not another 429.
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync("/api/v1/runs")).StatusCode);
        Assert.True(await SettlesAsync(() => api.InFlight == 1), $"{api.InFlight} API requests in flight, expected the one still held");
    }

    [Fact]
    public async Task Api_withEveryPredictionSlotTaken_isStillAdmitted()
    {
        await using var server = await StartAsync(new AdmissionOptions { MaxConcurrency = 1, MaxApiConcurrency = 1 });
        using var prediction = server.App.Services.GetRequiredService<AdmissionControl>().TryEnter(new DefaultHttpContext())!;

        var refused = await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows = new[] { Customer } });
        var search = await server.Client.GetAsync("/api/v1/runs");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, search.StatusCode);
        Assert.True(await SettlesAsync(() => server.App.Services.GetRequiredService<ApiAdmission>().InFlight == 0));
    }

    /// <summary>A slot is given back just after the response is written, so the client may read it a moment before.</summary>
    private static async Task<bool> SettlesAsync(Func<bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(5); !condition() && DateTime.UtcNow < deadline;) await Task.Delay(10);
        return condition();
    }

    private static double Rejected(string scrape, string reason) => AdmissionServer.Rejected(scrape, reason);

    private Task<AdmissionServer> StartAsync(AdmissionOptions admission) => AdmissionServer.StartAsync(fixture, admission);
}
