using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using MLCycle.Storage;
using MLCycle.Tests.Monitoring.Alerts;

namespace MLCycle.Cli.Tests;

/// <summary>
/// The loop with no person in it, in real processes: `mlcycle serve` serves the penguins model, normal then shifted traffic arrives
/// (bills five times longer, islands swapped) with outcomes that say those birds are Adelie, `mlcycle agent --once` finds the drift
/// and the lost accuracy, alerts a loopback webhook, retrains on the data plus the labelled logged rows, promotes the winner, and the
/// running server answers with the new version without a restart.
/// </summary>
public sealed class AgentLoopTests : IAsyncLifetime
{
    private const int Normal = 150;
    private const int Shifted = 150;

    private readonly string _folder = Directory.CreateTempSubdirectory("mlcycle-agent-").FullName;
    private string Store => Path.Combine(_folder, "store");

    [Fact]
    public async Task AgentOnce_shiftedTrafficWithOutcomes_alertsRetrainsAndTheServerSwapsToTheNewChampion()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var spec = WriteSpec(receiver.Url);
        var trained = await Cli.RunAsync("run", spec, "--store", Store, "--json");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.Equal(1, trained.Json().GetProperty("modelVersion").GetInt32());
        var token = await EditorTokenAsync();

        var port = FreePort();
        using var server = StartServe(port);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilUpAsync(client, server);
            var (normal, shifted) = Traffic();
            Assert.Equal(1, (await PredictAsync(client, normal)).Version);
            var answered = await PredictAsync(client, shifted);
            await WaitUntilLoggedAsync(answered.Ids);
            await SendOutcomesAsync(client, token, answered.Ids);

            var agent = await CliProcess.RunAsync("agent", "--spec", spec, "--store", Store, "--once", "--allow-private-webhooks", "--min-rows", "100", "--json");

            Assert.True(agent.ExitCode == 3, agent.ToString());
            var tick = agent.Json();
            Assert.Equal(["drift", "performance"], tick.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()));
            Assert.All(tick.GetProperty("deliveries").EnumerateArray(), d => Assert.True(d.GetProperty("delivered").GetBoolean(), d.ToString()));
            var alerts = receiver.Accepted;
            var drift = Assert.Single(alerts, a => a.GetProperty("kind").GetString() == "drift");
            Assert.Equal(("penguins", 1), (drift.GetProperty("model").GetString(), drift.GetProperty("version").GetInt32()));
            var features = drift.GetProperty("details").GetProperty("features").EnumerateArray().Select(f => f.GetString()).ToList();
            Assert.Contains("bill_length_mm", features);
            Assert.Contains("island", features);
            Assert.Equal(tick.GetProperty("runId").GetString(), drift.GetProperty("agentRunId").GetString());
            Assert.Single(alerts, a => a.GetProperty("kind").GetString() == "performance");

            var retrain = tick.GetProperty("retrain");
            Assert.Equal(("drift", "finished", true, 2), (retrain.GetProperty("trigger").GetString(), retrain.GetProperty("status").GetString(),
                retrain.GetProperty("promoted").GetBoolean(), retrain.GetProperty("version").GetInt32()));
            Assert.Equal(Shifted, retrain.GetProperty("labelledRows").GetInt32());

            var runs = await Cli.RunAsync("runs", "list", "--store", Store, "--json");
            var items = runs.Json().GetProperty("items").EnumerateArray().ToList();
            var retrainRun = Assert.Single(items, r => r.GetProperty("tags").TryGetProperty("mlcycle.trigger", out _));
            Assert.Equal(retrain.GetProperty("runId").GetString(), retrainRun.GetProperty("runId").GetString());
            Assert.Equal("drift", retrainRun.GetProperty("tags").GetProperty("mlcycle.trigger").GetString());
            Assert.Equal(tick.GetProperty("runId").GetString(), retrainRun.GetProperty("tags").GetProperty("mlcycle.agent_run").GetString());
            var agentRun = Assert.Single(items, r => r.GetProperty("experimentName").GetString() == "agent");
            Assert.Equal("drift,performance", agentRun.GetProperty("tags").GetProperty("mlcycle.findings").GetString());

            // The server moves to the new champion on its own (aliases are re-read every second).
            var deadline = DateTime.UtcNow.AddSeconds(20);
            var served = 1;
            while (served != 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
                served = (await PredictAsync(client, shifted.Take(1).ToList())).Version;
            }
            Assert.Equal(2, served);
            Assert.False(server.HasExited);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private string WriteSpec(Uri webhook)
    {
        File.Copy(RepoPaths.Get("examples", "penguins", "penguins.csv"), Path.Combine(_folder, "penguins.csv"));
        var path = Path.Combine(_folder, "mlcycle.yaml");
        File.WriteAllText(path, $"""
            name: penguins
            data:
              path: penguins.csv
              target: species
              task: multiclass
              types:
                year: categorical
            split:
              test: 0.25
              seed: 7
              stratify: true
            train:
              algorithms: [lightgbm]
              cv: 2
            monitor:
              psi: 0.2
              performance: "accuracy >= 0.8"
              alerts:
                - webhook: {webhook}
            retrain:
              on: [drift]
              promote: auto
              data: outcomes
            """);
        return path;
    }

    /// <summary>The first penguins as they are, then the Gentoo and Chinstrap penguins with bills five times longer and Biscoe and Dream swapped.</summary>
    private static (List<Dictionary<string, object?>> Normal, List<Dictionary<string, object?>> Shifted) Traffic()
    {
        var lines = File.ReadLines(RepoPaths.Get("examples", "penguins", "penguins.csv")).ToList();
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(line =>
        {
            var values = line.Split(',');
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < header.Length; i++)
            {
                row[header[i]] = values[i] == "" ? null
                    : header[i] is not ("year" or "species") && double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : values[i];
            }
            return row;
        }).ToList();
        var normal = rows.Take(Normal).Select(r => r.Where(p => p.Key != "species").ToDictionary()).ToList();
        var shifted = rows.Where(r => (string)r["species"]! != "Adelie" && r["bill_length_mm"] is double).Take(Shifted).Select(r =>
        {
            var row = r.Where(p => p.Key != "species").ToDictionary();
            row["bill_length_mm"] = (double)r["bill_length_mm"]! * 5;
            row["island"] = (string)r["island"]! == "Biscoe" ? "Dream" : "Biscoe";
            return row;
        }).ToList();
        Assert.Equal(Shifted, shifted.Count);
        return (normal, shifted);
    }

    private static async Task<(int Version, List<string> Ids)> PredictAsync(HttpClient client, List<Dictionary<string, object?>> rows)
    {
        var response = await client.PostAsJsonAsync("/v1/models/penguins/predict", new { rows });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var ids = json.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("id").GetString()!).ToList();
        return (json.RootElement.GetProperty("model").GetProperty("version").GetInt32(), ids);
    }

    private async Task WaitUntilLoggedAsync(List<string> ids)
    {
        await using var store = await MLCycleStore.OpenAsync(Store);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await store.Predictions.FindIdsAsync("penguins", ids)).Count < ids.Count && DateTime.UtcNow < deadline) await Task.Delay(100);
    }

    // The new reality the outcomes report: every one of these birds turned out to be an Adelie.
    private static async Task SendOutcomesAsync(HttpClient client, string token, List<string> ids)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/penguins/feedback")
        {
            Content = JsonContent.Create(new { outcomes = ids.Select(id => new { id, label = "Adelie" }).ToArray() }),
        };
        request.Headers.Authorization = new("Bearer", token);
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Equal(ids.Count, JsonDocument.Parse(body).RootElement.GetProperty("accepted").GetInt32());
    }

    private async Task<string> EditorTokenAsync()
    {
        var added = await Cli.RunAsync("users", "add", "ops", "--json", "--store", Store);
        Assert.True(added.ExitCode == 0, added.ToString());
        var granted = await Cli.RunAsync("users", "grant", "ops", "--model", "penguins", "--role", "editor", "--store", Store);
        Assert.True(granted.ExitCode == 0, granted.ToString());
        // A store with users protects champion (four-eyes promotion); a loop with no person in it needs an admin to lift that.
        var admin = await Cli.RunAsync("users", "add", "owner", "--admin", "--json", "--store", Store);
        Assert.True(admin.ExitCode == 0, admin.ToString());
        var unprotected = await CliProcess.RunAsync(new Dictionary<string, string?> { ["MLCYCLE_TOKEN"] = admin.Json().GetProperty("token").GetString() },
            "models", "protect", "penguins", "--alias", "champion", "--unprotect", "--store", Store);
        Assert.True(unprotected.ExitCode == 0, unprotected.ToString());
        return added.Json().GetProperty("token").GetString()!;
    }

    private Process StartServe(int port) => CliProcess.Start("serve", "--store", Store, "--port", port.ToString(CultureInfo.InvariantCulture));

    private static Task WaitUntilUpAsync(HttpClient client, Process server) => Faults.PenguinsServing.WaitUntilUpAsync(client, server);

    private static int FreePort() => Faults.PenguinsServing.FreePort();
}
