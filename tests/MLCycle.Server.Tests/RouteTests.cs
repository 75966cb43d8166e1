using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MLCycle.Monitoring;
using MLCycle.Registry;

namespace MLCycle.Server.Tests;

/// <summary>Shadow and canary routes over real Kestrel: each test registers its own model (<see cref="RouteFixture.RegisterAsync"/>),
/// starts a server, and routes the model's bare name while the server runs.</summary>
[Collection(ServerCollection.Name)]
public sealed class RouteTests(RouteFixture routes) : IClassFixture<RouteFixture>
{
    // Routes are re-read with aliases, at most once per ModelCache.AliasLifetime (1 s); a little more for the request in flight.
    private static readonly TimeSpan RouteLifetime = TimeSpan.FromMilliseconds(1300);

    private static readonly object[] Rows =
    [
        new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month", internet_service = "Fiber optic" },
        new { tenure = 60, monthly_charges = 25.0, contract = "Two year", internet_service = "No" },
        new { tenure = 12, monthly_charges = 70.0, contract = "One year", internet_service = "DSL" },
        new { tenure = 30, monthly_charges = 55.0, contract = "Month-to-month", internet_service = "DSL" },
    ];

    [Fact]
    public async Task Predict_shadowRoute_returnsTheChampionsPredictionsUnchangedAndLogsBothVersions()
    {
        await routes.RegisterAsync("shadowed");
        await routes.Store.Registry.SetRouteAsync("shadowed", RouteKind.Shadow, ModelRoute.ParseTarget("shadowed", "challenger"), null, "tests");
        await using var server = await routes.StartServerAsync(seed: 1);
        // A version reference bypasses routes: the champion alone, for comparison.
        var direct = await PredictAsync(server.Client, "shadowed:1");

        var routed = await PredictAsync(server.Client, "shadowed");

        Assert.Equal(1, routed.Version);
        Assert.Equal(direct.Outputs, routed.Outputs);
        // The answered rows are queued just after the answer (ADR 0067), the shadow's on its own queue: wait for both.
        var logged = await WaitForLogAsync("shadowed", log => log.Count(e => e.Role == PredictionRole.Shadow) >= Rows.Length
            && log.Count(e => routed.Ids.Contains(e.Id!)) >= Rows.Length);
        var answered = logged.Where(e => routed.Ids.Contains(e.Id!)).ToList();
        var shadows = logged.Where(e => e.Role == PredictionRole.Shadow).ToList();
        Assert.Equal(Rows.Length, answered.Count);
        Assert.All(answered, e => Assert.Equal((1, PredictionRole.Primary), (e.Version, e.Role)));
        Assert.Equal(Rows.Length, shadows.Count);
        Assert.All(shadows, e => Assert.Equal(2, e.Version));
        Assert.Equal(routed.Ids.Order(StringComparer.Ordinal), shadows.Select(e => e.PrimaryId!).Order(StringComparer.Ordinal));
        // The shadow is the other model, really scored: the network's probabilities are not the trees'.
        var byId = answered.ToDictionary(e => e.Id!, e => e.OutputJson);
        Assert.Contains(shadows, s => s.OutputJson != byId[s.PrimaryId!]);
    }

    [Fact]
    public async Task Predict_canaryOf30PercentOver400Requests_answersWithinTheBinomialInterval()
    {
        await routes.RegisterAsync("canaried");
        await routes.Store.Registry.SetRouteAsync("canaried", RouteKind.Canary, ModelRoute.ParseTarget("canaried", "challenger"), 30, "tests");
        await using var seeded = await routes.StartServerAsync(seed: 11);

        var versions = new List<int>();
        for (var i = 0; i < 400; i++) versions.Add((await PredictAsync(seeded.Client, "canaried", Rows[..1])).Version);

        var canary = versions.Count(v => v == 2);
        // Binomial(400, 0.3): mean 120, sd 9.17; 99.9% of runs fall within 3.29 sd, [90, 150]. The draw is seeded, so this count repeats.
        Assert.InRange(canary, 90, 150);
        Assert.Equal(400 - canary, versions.Count(v => v == 1));
        var logged = await WaitForLogAsync("canaried", log => log.Count == 400);
        Assert.Equal(canary, logged.Count(e => (e.Version, e.Role) == (2, PredictionRole.Canary)));
        Assert.Equal(400 - canary, logged.Count(e => (e.Version, e.Role) == (1, PredictionRole.Primary)));
        var metrics = await seeded.Client.GetStringAsync("/metrics");
        Assert.Equal(canary, Metric(metrics, "mlcycle_route_requests_total{model=\"canaried\",version=\"2\",role=\"canary\"}"));
    }

    [Fact]
    public async Task Predict_routeSetThenCleared_takesEffectWithoutRestart()
    {
        await routes.RegisterAsync("rerouted");
        await using var seeded = await routes.StartServerAsync(seed: 5);
        Assert.Equal(1, (await PredictAsync(seeded.Client, "rerouted")).Version);

        await routes.Store.Registry.SetRouteAsync("rerouted", RouteKind.Canary, ModelRoute.ParseTarget("rerouted", "2"), 99.99, "tests");
        await Task.Delay(RouteLifetime);
        var routed = new List<int>();
        for (var i = 0; i < 20; i++) routed.Add((await PredictAsync(seeded.Client, "rerouted")).Version);
        var pinned = await PredictAsync(seeded.Client, "rerouted@champion");

        await routes.Store.Registry.ClearRoutesAsync("rerouted", "tests");
        await Task.Delay(RouteLifetime);
        var cleared = new List<int>();
        for (var i = 0; i < 20; i++) cleared.Add((await PredictAsync(seeded.Client, "rerouted")).Version);

        Assert.All(routed, v => Assert.Equal(2, v));
        Assert.Equal(1, pinned.Version);
        Assert.All(cleared, v => Assert.Equal(1, v));
    }

    [Fact]
    public async Task Predict_brokenShadow_neverFailsTheRequestAndIsCounted()
    {
        await routes.RegisterAsync("brokenshadow");
        await routes.Store.Registry.SetRouteAsync("brokenshadow", RouteKind.Shadow, ModelRoute.ParseTarget("brokenshadow", "3"), null, "tests");
        await using var server = await routes.StartServerAsync(seed: 1);
        var direct = await PredictAsync(server.Client, "brokenshadow:1");

        var answers = new List<Answer>();
        for (var i = 0; i < 5; i++) answers.Add(await PredictAsync(server.Client, "brokenshadow"));

        Assert.All(answers, a => Assert.Equal((1, direct.Outputs), (a.Version, a.Outputs)));
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Equal(5, Metric(metrics, "mlcycle_shadow_failures_total{model=\"brokenshadow\",target=\"unloaded\",reason=\"load\"}"));
        var logged = await WaitForLogAsync("brokenshadow", log => log.Count >= 5 * Rows.Length + Rows.Length);
        Assert.DoesNotContain(logged, e => e.Role == PredictionRole.Shadow);
    }

    [Fact]
    public async Task Predict_canaryThatCannotLoad_isAnsweredByThePrimaryAndCounted()
    {
        await routes.RegisterAsync("brokencanary");
        await routes.Store.Registry.SetRouteAsync("brokencanary", RouteKind.Canary, ModelRoute.ParseTarget("brokencanary", "3"), 50, "tests");
        await using var server = await routes.StartServerAsync(seed: 1);
        var direct = await PredictAsync(server.Client, "brokencanary:1");

        var answers = new List<Answer>();
        for (var i = 0; i < 6; i++) answers.Add(await PredictAsync(server.Client, "brokencanary"));

        Assert.All(answers, a => Assert.Equal((1, direct.Outputs), (a.Version, a.Outputs)));
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Equal(6, Metric(metrics, "mlcycle_canary_unloaded_total{model=\"brokencanary\"}"));
    }

    private static async Task<Answer> PredictAsync(HttpClient client, string reference, object[]? rows = null)
    {
        var response = await client.PostAsJsonAsync($"/v1/models/{reference}/predict", new { rows = rows ?? Rows });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var json = JsonNode.Parse(body)!;
        var predictions = json["predictions"]!.AsArray();
        var ids = predictions.Select(p => p!["id"]!.GetValue<string>()).ToList();
        // Everything but the id, which is new on every request.
        var outputs = string.Join("\n", predictions.Select(p =>
        {
            var copy = p!.DeepClone().AsObject();
            copy.Remove("id");
            return copy.ToJsonString();
        }));
        return new Answer(json["model"]!["version"]!.GetValue<int>(), ids, outputs);
    }

    private async Task<IReadOnlyList<PredictionLogEntry>> WaitForLogAsync(string model, Func<IReadOnlyList<PredictionLogEntry>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<PredictionLogEntry> log = [];
        while (DateTime.UtcNow < deadline)
        {
            log = await routes.Store.Predictions.ReadAsync(model, limit: int.MaxValue);
            if (done(log)) break;
            await Task.Delay(100);
        }
        return log;
    }

    private static double Metric(string text, string series)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"/metrics has no {series}");
        return double.Parse(line![(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private sealed record Answer(int Version, IReadOnlyList<string> Ids, string Outputs);
}
