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

/// <summary>Issue 11 end to end: a churn model whose spec names `monitor: { key: customerID }` is served on loopback, customers are
/// predicted with a customerID that is not a model input (some twice), and their churn comes back by customerID, from a file with
/// `mlcycle feedback` and over HTTP; each key labels the latest prediction of that customer.</summary>
public sealed class FeedbackByKeyTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlcycle-feedkey-").FullName;

    private string Store => Path.Combine(_folder, "store");

    public async Task InitializeAsync()
    {
        var spec = Path.Combine(_folder, "mlcycle.yaml");
        await File.WriteAllTextAsync(spec, $"""
            name: churn
            data:
              path: {RepoPaths.Get("examples", "telco-churn", "telco_churn.csv")}
              target: churn
            train:
              algorithms: [linear]
              cv: 2
            monitor:
              key: customerID
            """);
        var trained = await Cli.RunAsync("run", spec, "--store", Store);
        Assert.True(trained.ExitCode == 0, trained.ToString());
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Feedback_byKeyFileAndHttp_labelsTheLatestPredictionOfEachKeyAndListsUnknownKeys()
    {
        var (rows, churn) = ReadCustomers(40);
        await using var app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = Store, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()) };

        var first = await PredictAsync(client, rows);
        // The first ten customers are scored again later: their outcome belongs to this second prediction.
        var second = await PredictAsync(client, rows.Take(10).ToList());
        await using (var store = await MLCycleStore.OpenAsync(Store))
        {
            var all = first.Concat(second).ToList();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await store.Predictions.FindIdsAsync("churn", all)).Count < all.Count && DateTime.UtcNow < deadline) await Task.Delay(50);
        }
        var file = Path.Combine(_folder, "outcomes.csv");
        await File.WriteAllLinesAsync(file, ["customerID,churn", .. rows.Select((r, i) => $"{r["customerID"]},{churn[i]}"), "9999-NOONE,No"]);

        var fromFile = await Cli.RunAsync("feedback", "--model", "churn", "--file", file, "--store", Store, "--json");
        var text = await Cli.RunAsync("feedback", "--model", "churn", "--file", file, "--store", Store);

        Assert.Equal(7, fromFile.ExitCode);
        var json = fromFile.Json();
        Assert.Equal((41, 40, 1, 40), (json.GetProperty("received").GetInt32(), json.GetProperty("accepted").GetInt32(),
            json.GetProperty("unknown").GetInt32(), json.GetProperty("labelled").GetInt32()));
        Assert.Equal("customerID", json.GetProperty("keyColumn").GetString());
        Assert.Equal(["9999-NOONE"], json.GetProperty("unknownKeys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(7, text.ExitCode);
        Assert.Contains("latest prediction of that key in each version", text.Out);
        Assert.Contains("Keys not in the prediction log of 'churn': 9999-NOONE", text.Out);
        await using (var store = await MLCycleStore.OpenAsync(Store))
        {
            var labelled = (await store.Predictions.ReadLabelledAsync("churn")).Select(l => l.Id);
            Assert.Equal(second.Concat(first.Skip(10)).Order(StringComparer.Ordinal), labelled.Order(StringComparer.Ordinal));
        }

        // Over HTTP, by an editor, the key named in the body; a key-less outcome is refused with its index.
        var token = await EditorTokenAsync();
        var answer = await PostFeedbackAsync(client, token, new { outcomes = new object[] { new { key = rows[0]["customerID"], label = "Yes" }, new { key = "0000-NONE", label = "No" } } });
        var refused = await PostFeedbackAsync(client, token, new { outcomes = new object[] { new { label = "Yes" } } });

        Assert.Equal(200, (int)answer.StatusCode);
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal((1, 1, 1), (body.RootElement.GetProperty("accepted").GetInt32(), body.RootElement.GetProperty("labelled").GetInt32(), body.RootElement.GetProperty("unknown").GetInt32()));
        Assert.Equal(["0000-NONE"], body.RootElement.GetProperty("unknownKeys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("'key'", await refused.Content.ReadAsStringAsync());
        await app.StopAsync();
    }

    [Fact]
    public async Task Feedback_keyColumnNamedOtherwiseAfterV2Inference_labelsTheInferredPredictions()
    {
        var (rows, churn) = ReadCustomers(5);
        await using var app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = Store, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()) };
        var earlier = await PredictAsync(client, rows);
        // The same customers again through the Open Inference Protocol, the key a BYTES tensor beside the inputs: these are the latest.
        var inputs = rows[0].Keys.Select(column =>
        {
            var values = rows.Select(r => r[column]).ToArray();
            return new { name = column, shape = new[] { rows.Count }, datatype = values.All(v => v is double) ? "FP64" : "BYTES", data = values };
        }).ToArray();
        var inferred = await client.PostAsJsonAsync("/v2/models/churn/infer", new { inputs });
        var inferText = await inferred.Content.ReadAsStringAsync();
        Assert.True(inferred.IsSuccessStatusCode, inferText);
        var ids = JsonDocument.Parse(inferText).RootElement.GetProperty("parameters").GetProperty("prediction_ids").GetString()!.Split(',');
        // The server writes its log in the background (within about 100 ms): outcomes for predictions not yet written are unknown.
        await using (var logged = await MLCycleStore.OpenAsync(Store))
        {
            var all = earlier.Concat(ids).ToList();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await logged.Predictions.FindIdsAsync("churn", all)).Count < all.Count && DateTime.UtcNow < deadline) await Task.Delay(50);
        }
        await app.StopAsync();
        var file = Path.Combine(_folder, "renamed.csv");
        await File.WriteAllLinesAsync(file, ["cust,outcome", .. rows.Select((r, i) => $"{r["customerID"]},{churn[i]}")]);

        var result = await Cli.RunAsync("feedback", "--model", "churn", "--file", file, "--key-column", "cust", "--outcome-column", "outcome", "--store", Store, "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(5, result.Json().GetProperty("labelled").GetInt32());
        await using var store = await MLCycleStore.OpenAsync(Store);
        Assert.Equal(ids.Order(StringComparer.Ordinal), (await store.Predictions.ReadLabelledAsync("churn")).Select(l => l.Id).Order(StringComparer.Ordinal));
    }

    private static async Task<List<string>> PredictAsync(HttpClient client, List<Dictionary<string, object?>> rows)
    {
        var predicted = await client.PostAsJsonAsync("/v1/models/churn/predict", new { rows });
        var text = await predicted.Content.ReadAsStringAsync();
        Assert.True(predicted.IsSuccessStatusCode, text);
        // The key is not a model input, yet it is expected, not an unknown column.
        Assert.DoesNotContain("customerID", text);
        using var json = JsonDocument.Parse(text);
        return [.. json.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)];
    }

    private static async Task<HttpResponseMessage> PostFeedbackAsync(HttpClient client, string token, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn/feedback") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        return await client.SendAsync(request);
    }

    private async Task<string> EditorTokenAsync()
    {
        var added = await Cli.RunAsync("users", "add", "ops", "--json", "--store", Store);
        Assert.Equal(ExitCodes.Ok, added.ExitCode);
        Assert.Equal(ExitCodes.Ok, (await Cli.RunAsync("users", "grant", "ops", "--model", "churn", "--role", "editor", "--store", Store)).ExitCode);
        return added.Json().GetProperty("token").GetString()!;
    }

    /// <summary>The first customers of the example as request rows, each with a made-up customerID in the Telco style, and their churn.</summary>
    private static (List<Dictionary<string, object?>> Rows, List<string> Churn) ReadCustomers(int count)
    {
        var lines = File.ReadLines(RepoPaths.Get("examples", "telco-churn", "telco_churn.csv")).ToList();
        var header = lines[0].Split(',');
        var rows = new List<Dictionary<string, object?>>();
        var churn = new List<string>();
        foreach (var (line, n) in lines.Skip(1).Take(count).Select((l, n) => (l, n)))
        {
            var values = line.Split(',');
            var row = new Dictionary<string, object?> { ["customerID"] = $"{7000 + n:D4}-CUST" };
            for (var i = 0; i < header.Length; i++)
            {
                if (header[i] == "churn") churn.Add(values[i]);
                else row[header[i]] = values[i] == "" ? null
                    : double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : values[i];
            }
            rows.Add(row);
        }
        return (rows, churn);
    }
}
