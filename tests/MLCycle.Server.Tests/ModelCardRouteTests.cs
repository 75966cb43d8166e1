using System.Net;
using System.Text.Json;
using MLCycle.Data;
using MLCycle.Monitoring;
using MLCycle.Profiling.Drift;

namespace MLCycle.Server.Tests;

/// <summary>The served model card is built the way `mlcycle models card` builds it: after monitoring records a drift check, the
/// dashboard's card and the API's card name the column that drifted.</summary>
public sealed class ModelCardRouteTests : IAsyncLifetime
{
    private ApprovalServer server = null!;

    public async Task InitializeAsync() => server = await ApprovalServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Card_afterARecordedDriftCheck_namesTheDriftedColumnOnTheDashboardAndInTheApi()
    {
        var before = await server.SendAsync("reader", HttpMethod.Get, "/models/churn/versions/1/card");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.DoesNotContain("drifted in", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await DriftHistory.RecordAsync(server.Store.Tracking, Report(1, ("monthly_charges", 0.37), ("tenure", 0.04)));
        var page = await server.SendAsync("reader", HttpMethod.Get, "/models/churn/versions/1/card");
        var api = await server.SendAsync("reader", HttpMethod.Get, "/api/v1/models/churn/versions/1/card");
        var other = await server.SendAsync("reader", HttpMethod.Get, "/api/v1/models/churn/versions/2/card");

        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("sandbox;", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("monthly_charges drifted in 1 of 1 checks", html, StringComparison.Ordinal);
        Assert.DoesNotContain("tenure drifted", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        using var card = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
        var drift = Assert.Single(card.RootElement.GetProperty("limitations").EnumerateArray().Select(l => l.GetString()!),
            l => l.StartsWith("drift-prone (from monitoring, 1 check on ", StringComparison.Ordinal));
        Assert.Contains("monthly_charges drifted in 1 of 1 checks", drift, StringComparison.Ordinal);
        Assert.DoesNotContain("monthly_charges", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Card_unknownVersion_isNotFoundInTheApi()
    {
        var missing = await server.SendAsync("reader", HttpMethod.Get, "/api/v1/models/churn/versions/9/card");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    private static MonitorReport Report(int version, params (string Column, double Psi)[] columns)
    {
        var features = columns.Select(c => new FeatureDrift { Name = c.Column, Kind = ColumnKind.Numeric, Psi = c.Psi, Drifted = c.Psi >= 0.2 }).ToList();
        var drift = new DriftReport
        {
            Features = features, ReferenceRows = 600, CurrentRows = 200, PsiThreshold = 0.2, AnyDrift = features.Any(f => f.Drifted),
            DriftedFeatures = features.Where(f => f.Drifted).Select(f => f.Name).ToList(),
        };
        return new MonitorReport("churn", version, "new.csv", 200, 0, drift);
    }
}
