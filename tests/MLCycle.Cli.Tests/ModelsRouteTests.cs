using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Monitoring;
using MLCycle.Server;
using MLCycle.Storage;

namespace MLCycle.Cli.Tests;

/// <summary>Champion against challenger on live traffic, end to end: `mlcycle models route` (a real process) shadows the challenger, a real
/// server answers 150 customers with the champion and scores them with the shadow too, their outcomes come back, and `monitor
/// --performance` and `--logged` show both versions on the same requests; `--clear` ends the route.</summary>
public sealed class ModelsRouteTests(TrainedStoreFixture fixture) : IClassFixture<TrainedStoreFixture>
{
    private const int Customers = 150;

    [Fact]
    public async Task Route_refusals_nameWhatIsWrongWithTheirExitCodes()
    {
        var missing = await CliProcess.RunAsync("models", "route", "churn", "--shadow", "nosuchalias", "--store", fixture.Store);
        var champion = await CliProcess.RunAsync("models", "route", "churn", "--shadow", "champion", "--store", fixture.Store);
        var share = await CliProcess.RunAsync("models", "route", "churn", "--canary", "1=150%", "--store", fixture.Store);
        var nothing = await CliProcess.RunAsync("models", "route", "churn", "--store", fixture.Store);
        var both = await CliProcess.RunAsync("models", "route", "churn", "--shadow", "2", "--clear", "--store", fixture.Store);

        Assert.Equal(ExitCodes.Error, missing.ExitCode);
        Assert.Contains("Model 'churn' has no alias 'nosuchalias'", missing.Err);
        Assert.Equal(ExitCodes.Error, champion.ExitCode);
        Assert.Contains("already serves as its champion", champion.Err);
        Assert.Equal(ExitCodes.BadArguments, share.ExitCode);
        Assert.Contains("Canary share '150%' is not a percentage above 0 and below 100", share.Err);
        Assert.Equal((ExitCodes.BadArguments, ExitCodes.BadArguments), (nothing.ExitCode, both.ExitCode));
        Assert.Contains("--clear alone", nothing.Err);
        Assert.DoesNotContain("   at ", missing.Err + champion.Err + share.Err + nothing.Err + both.Err);
    }

    [Fact]
    public async Task Route_shadowChallengerServedAndMeasured_comparesBothVersionsOnTheSameRequests()
    {
        await RegisterChallengerAsync();

        var set = await CliProcess.RunAsync("models", "route", "churn", "--shadow", "challenger", "--store", fixture.Store, "--json");
        var shown = await CliProcess.RunAsync("models", "show", "churn", "--store", fixture.Store, "--json");
        var table = await CliProcess.RunAsync("models", "show", "churn", "--store", fixture.Store);
        await ServeAndSendOutcomesAsync();
        var performance = await CliProcess.RunAsync("monitor", "--model", "churn", "--performance", "--min-rows", "100", "--store", fixture.Store, "--json");
        var performanceTable = await CliProcess.RunAsync("monitor", "--model", "churn", "--performance", "--min-rows", "100", "--store", fixture.Store);
        var logged = await CliProcess.RunAsync("monitor", "--model", "churn", "--logged", "--min-rows", "1", "--store", fixture.Store, "--json");
        var cleared = await CliProcess.RunAsync("models", "route", "churn", "--clear", "--store", fixture.Store);
        var after = await CliProcess.RunAsync("models", "show", "churn", "--store", fixture.Store);

        Assert.True(set.ExitCode == ExitCodes.Ok, set.ToString());
        var route = Assert.Single(set.Json().GetProperty("routes").EnumerateArray());
        Assert.Equal(("shadow", "challenger"), (route.GetProperty("kind").GetString(), route.GetProperty("alias").GetString()));
        Assert.Equal("challenger", Assert.Single(shown.Json().GetProperty("routes").EnumerateArray()).GetProperty("alias").GetString());
        Assert.Contains("all (not returned)", table.Out);

        Assert.True(performance.ExitCode == ExitCodes.Ok, performance.ToString());
        var versions = performance.Json().GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([(1, "primary", Customers), (2, "shadow", Customers)],
            versions.Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("role").GetString(), v.GetProperty("rows").GetInt32())));
        // The challenger is the champion's package registered again: on the same requests it must score exactly what the champion did.
        var championAuc = versions[0].GetProperty("metrics").GetProperty("roc_auc").GetDouble();
        Assert.InRange(championAuc, 0.5, 1);
        Assert.Equal(championAuc, versions[1].GetProperty("metrics").GetProperty("roc_auc").GetDouble(), 12);
        Assert.Equal(championAuc, versions[1].GetProperty("answeredMetrics").GetProperty("roc_auc").GetDouble(), 12);
        Assert.Contains("answered, same requests", performanceTable.Out);
        Assert.True(logged.ExitCode is ExitCodes.Ok or ExitCodes.DriftFound, logged.ToString());
        Assert.Equal([(1, "primary", (long)Customers), (2, "shadow", Customers)], logged.Json().GetProperty("logged").EnumerateArray()
            .Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("role").GetString(), v.GetProperty("rows").GetInt64())));

        Assert.True(cleared.ExitCode == ExitCodes.Ok, cleared.ToString());
        Assert.Contains("ended shadow challenger", cleared.Out);
        Assert.Contains("routes: none", after.Out);
    }

    private async Task RegisterChallengerAsync()
    {
        await using (var store = await MLCycleStore.OpenAsync(fixture.Store))
        {
            var champion = await store.Registry.GetVersionAsync("churn", 1);
            await store.Registry.RegisterVersionAsync(new Registry.VersionRegistration
            {
                Name = "churn", RunId = champion.RunId, PackagePath = champion.PackagePath, PackageSha256 = champion.PackageSha256,
            });
        }
        var promoted = await CliProcess.RunAsync("models", "promote", "churn", "2", "--alias", "challenger", "--store", fixture.Store);
        Assert.True(promoted.ExitCode == ExitCodes.Ok, promoted.ToString());
    }

    /// <summary>Serves the store on loopback, predicts the first customers in one request, and stores their true churn under the ids the
    /// callers got; stopping the server scores and logs what the shadow still had queued.</summary>
    private async Task ServeAndSendOutcomesAsync()
    {
        var (rows, churn) = ReadCustomers();
        var app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = fixture.Store, Urls = "http://127.0.0.1:0" });
        List<PredictionOutcome> outcomes;
        await using (app)
        {
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()) };
            var predicted = await client.PostAsJsonAsync("/v1/models/churn/predict", new { rows });
            predicted.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await predicted.Content.ReadAsStringAsync());
            Assert.Equal(1, json.RootElement.GetProperty("model").GetProperty("version").GetInt32());
            outcomes = [.. json.RootElement.GetProperty("predictions").EnumerateArray().Select((p, i) => new PredictionOutcome(p.GetProperty("id").GetString()!, churn[i], null))];
            await app.StopAsync();
        }
        await using var store = await MLCycleStore.OpenAsync(fixture.Store);
        await store.Predictions.AddOutcomesAsync("churn", outcomes);
    }

    private static (List<Dictionary<string, object?>> Rows, List<string> Churn) ReadCustomers()
    {
        var lines = File.ReadLines(RepoPaths.Get("examples", "telco-churn", "telco_churn.csv")).ToList();
        var header = lines[0].Split(',');
        var rows = new List<Dictionary<string, object?>>();
        var churn = new List<string>();
        foreach (var line in lines.Skip(1).Take(Customers))
        {
            var values = line.Split(',');
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < header.Length; i++)
            {
                if (header[i] == "churn") churn.Add(values[i]);
                else row[header[i]] = values[i] == "" ? null
                    : header[i] != "senior_citizen" && double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : values[i];
            }
            rows.Add(row);
        }
        return (rows, churn);
    }
}
