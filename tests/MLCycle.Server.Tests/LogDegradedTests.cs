using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Monitoring;
using MLCycle.Storage;

namespace MLCycle.Server.Tests;

/// <summary>A server whose prediction log cannot keep a row says so: /health degraded, the drop in /metrics and in the store.</summary>
[Collection(ServerCollection.Name)]
public sealed class LogDegradedTests(ServerFixture server)
{
    [Fact]
    public async Task Health_afterTheLogDroppedRows_isDegradedAndTheDropsAreCountedAndStored()
    {
        // A second server on the fixture's store, with a byte budget no row fits in.
        var app = await ServerApp.BuildAsync(new ServerOptions
        {
            StoreDirectory = server.StoreDirectory, Urls = "http://127.0.0.1:0", PredictionLog = new PredictionLogWriterOptions { MaxQueuedBytes = 1 },
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()) };
        var droppedBefore = await CountDroppedAsync();
        var customer = new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month", internet_service = "Fiber optic" };

        var predicted = await client.PostAsJsonAsync("/v1/models/churn/predict", new { rows = new[] { customer, customer, customer } });
        var health = await client.GetStringAsync("/health");
        var metrics = await client.GetStringAsync("/metrics");
        await app.StopAsync();
        await app.DisposeAsync();

        Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        Assert.StartsWith("""{"status":"degraded","reasons":["prediction log incomplete: 3 rows dropped (queue full)""", health);
        Assert.Contains("mlcycle_prediction_log_dropped_rows_total 3", metrics);
        Assert.Equal(3, await CountDroppedAsync() - droppedBefore);
    }

    private async Task<long> CountDroppedAsync()
    {
        await using var store = await MLCycleStore.OpenAsync(server.StoreDirectory);
        return await store.Predictions.CountDroppedAsync("churn");
    }
}
