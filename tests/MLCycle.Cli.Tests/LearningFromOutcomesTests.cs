using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Server;
using MLCycle.Storage;

namespace MLCycle.Cli.Tests;

/// <summary>The loop end to end: a real server on loopback serves the churn model, the test predicts 300 customers, sends their true
/// churn back as feedback, and `mlcycle monitor --performance` measures the model on them.</summary>
public sealed class LearningFromOutcomesTests(TrainedStoreFixture fixture) : IClassFixture<TrainedStoreFixture>
{
    private const int Customers = 300;

    [Fact]
    public async Task MonitorPerformance_afterServeAndFeedback_measuresTheServedPredictions()
    {
        // The class's other tests log predictions too; --since keeps them out.
        var since = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        await ServeAndSendOutcomesAsync();

        var ok = await Cli.RunAsync("monitor", "--model", "churn", "--performance", "--since", since, "--min-rows", "100", "--gate", "auc >= 0.6", "--store", fixture.Store, "--json");
        var degraded = await Cli.RunAsync("monitor", "--model", "churn", "--performance", "--since", since, "--min-rows", "100", "--gate", "auc >= 0.9999", "--store", fixture.Store, "--json");
        var tooFew = await Cli.RunAsync("monitor", "--model", "churn", "--performance", "--since", since, "--min-rows", "1000", "--gate", "auc >= 0.6", "--store", fixture.Store);

        Assert.Equal(0, ok.ExitCode);
        var report = ok.Json();
        Assert.Equal("ok", report.GetProperty("verdict").GetString());
        Assert.Equal(Customers, report.GetProperty("labelledRows").GetInt64());
        var window = Assert.Single(report.GetProperty("windows").EnumerateArray());
        Assert.Equal(Customers, window.GetProperty("rows").GetInt32());
        Assert.InRange(window.GetProperty("metrics").GetProperty("roc_auc").GetDouble(), 0.6, 1.0);
        Assert.InRange(window.GetProperty("metrics").GetProperty("accuracy").GetDouble(), 0.5, 1.0);
        Assert.True(report.GetProperty("promoted").TryGetProperty("roc_auc", out _), ok.Out);
        Assert.Equal((3, "degraded"), (degraded.ExitCode, degraded.Json().GetProperty("verdict").GetString()));
        Assert.Equal(0, tooFew.ExitCode);
        Assert.Contains("Too few rows", tooFew.Out);
    }

    [Fact]
    public async Task Feedback_fileWithAnUnknownId_storesTheKnownAndExitsSeven()
    {
        var ids = await ServeAndSendOutcomesAsync(sendOutcomes: false);
        var file = Path.Combine(fixture.Store, "outcomes.csv");
        await File.WriteAllLinesAsync(file, ["id,churn", $"{ids[0].Id},{ids[0].Churn}", $"{ids[1].Id},{ids[1].Churn}", "0190aaaa-0000-7000-8000-000000000000,No"]);

        var result = await Cli.RunAsync("feedback", "--model", "churn", "--file", file, "--store", fixture.Store, "--json");

        Assert.Equal(7, result.ExitCode);
        var json = result.Json();
        Assert.Equal((3, 2, 1), (json.GetProperty("received").GetInt32(), json.GetProperty("accepted").GetInt32(), json.GetProperty("unknown").GetInt32()));
    }

    [Fact]
    public async Task Feedback_unknownIdHoldingAnEscapeSequence_isListedEscapedNotSentToTheTerminal()
    {
        var file = Path.Combine(fixture.Store, "escape-ids.csv");
        // Clear the screen and retitle the terminal, if printed as read.
        await File.WriteAllLinesAsync(file, ["id,churn", "\"0190\u001b[2J\u001b]0;owned\u0007\",No"]);

        var result = await Cli.RunAsync("feedback", "--model", "churn", "--file", file, "--store", fixture.Store);

        Assert.Equal(7, result.ExitCode);
        Assert.Contains("Ids not in the prediction log of 'churn': 0190\\u001b[2J\\u001b]0;owned\\u0007", result.Out);
        Assert.DoesNotContain(result.Out, c => c is '\u001b' or '\u0007');
    }

    [Fact]
    public async Task Feedback_headerNamingTheIdColumnTwice_exitsOneNamingBothColumns()
    {
        var file = Path.Combine(fixture.Store, "two-ids.csv");
        await File.WriteAllLinesAsync(file, ["id,churn,ID", "0190aaaa-0000-7000-8000-000000000000,No,x"]);

        var result = await Cli.RunAsync("feedback", "--model", "churn", "--file", file, "--store", fixture.Store);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("header: columns 1 and 3 are both named 'id' and 'ID'", result.Err);
    }

    [Fact]
    public async Task Feedback_fileWithoutTheIdColumn_exitsTwoNamingTheColumns()
    {
        var file = Path.Combine(fixture.Store, "no-ids.csv");
        await File.WriteAllLinesAsync(file, ["prediction,churn", "x,No"]);

        var result = await Cli.RunAsync("feedback", "--model", "churn", "--file", file, "--store", fixture.Store);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no column 'id'", result.Err);
        Assert.Contains("'prediction'", result.Err);
    }

    /// <summary>A token of a new user with the editor role on churn, through `mlcycle users add` and `users grant`.</summary>
    private async Task<string> EditorTokenAsync()
    {
        var name = $"ops{Guid.NewGuid():N}"[..12];
        var added = await Cli.RunAsync("users", "add", name, "--json", "--store", fixture.Store);
        Assert.Equal(ExitCodes.Ok, added.ExitCode);
        var granted = await Cli.RunAsync("users", "grant", name, "--model", "churn", "--role", "editor", "--store", fixture.Store);
        Assert.Equal(ExitCodes.Ok, granted.ExitCode);
        return added.Json().GetProperty("token").GetString()!;
    }

    /// <summary>Serves the store on loopback, predicts the first customers of the example and, unless told not to, posts their true churn
    /// back; returns each prediction's id with the true churn.</summary>
    private async Task<List<(string Id, string Churn)>> ServeAndSendOutcomesAsync(bool sendOutcomes = true)
    {
        var (rows, churn) = ReadCustomers();
        await using var app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = fixture.Store, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()) };

        var predicted = await client.PostAsJsonAsync("/v1/models/churn/predict", new { rows });
        predicted.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await predicted.Content.ReadAsStringAsync());
        var ids = json.RootElement.GetProperty("predictions").EnumerateArray().Select((p, i) => (p.GetProperty("id").GetString()!, churn[i])).ToList();
        await using (var store = await MLCycleStore.OpenAsync(fixture.Store))
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await store.Predictions.FindIdsAsync("churn", ids.Select(i => i.Item1).ToList())).Count < ids.Count && DateTime.UtcNow < deadline) await Task.Delay(50);
        }
        if (sendOutcomes)
        {
            // Outcomes are a write: the sender is an editor of the model, made the way an operator would.
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn/feedback")
            {
                Content = JsonContent.Create(new { outcomes = ids.Select(i => new { id = i.Item1, label = i.Item2 }).ToArray() }),
            };
            request.Headers.Authorization = new("Bearer", await EditorTokenAsync());
            var feedback = await client.SendAsync(request);
            feedback.EnsureSuccessStatusCode();
            using var answer = JsonDocument.Parse(await feedback.Content.ReadAsStringAsync());
            Assert.Equal(Customers, answer.RootElement.GetProperty("accepted").GetInt32());
        }
        await app.StopAsync();
        return ids;
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
