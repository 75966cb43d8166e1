using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Pipelines;
using MLCycle.Server;
using MLCycle.Serving;
using MLCycle.Storage;

namespace MLCycle.Bench;

/// <summary>
/// What `?explain=3` costs a single-row predict of a 100-tree LightGBM model: `mlcycle run` trains it on the synthetic churn
/// data, then the real server answers single-row requests with and without explain=3, in alternating blocks so that the
/// other load on the machine falls on both alike; the same comparison in process (LoadedModel.Score) shows the cost without HTTP.
/// </summary>
public static class ExplainBenchmark
{
    private const int Rows = 20_000;
    private const int Blocks = 10;
    private const int PerBlock = 1_000;
    private const string Row = """{"rows":[{"tenure":5,"monthly":80.5,"usage":40.2,"support_calls":3,"age":40,"discount":0,"plan":"basic","region":"north","channel":"web"}]}""";

    public static async Task MeasureAsync(string work)
    {
        var data = Path.Combine(work, "churn.csv");
        SyntheticData.WriteCsv(data, Rows);
        var specPath = Path.Combine(work, "explain.yaml");
        // LightGBM's default is 100 boosting rounds: 100 trees.
        await File.WriteAllTextAsync(specPath, """
            name: bench-explain
            data: { path: churn.csv, target: churned }
            train: { algorithms: [lightgbm], cv: 2 }
            """);
        var storeDir = Path.Combine(work, "store");
        await using (var store = await MLCycleStore.OpenAsync(storeDir))
            await new PipelineRunner(store).RunAsync(await PipelinePreflight.CheckAsync(SpecLoader.Load(specPath)));

        var (plain, explained) = await HttpAsync(storeDir);
        var (plainInProcess, explainedInProcess, method) = await InProcessAsync(storeDir);

        Console.WriteLine();
        Console.WriteLine($"## explain=3 on a single-row predict, 100-tree LightGBM ({Rows:N0} synthetic churn rows, 9 inputs), method {method}");
        Console.WriteLine("| path | requests each | p50 ms without | p50 ms with explain=3 | extra p50 ms | p99 ms without | p99 ms with | target |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
        Console.WriteLine($"| HTTP, real server | {plain.Length:N0} | {P(plain, 0.5):0.000} | {P(explained, 0.5):0.000} | {P(explained, 0.5) - P(plain, 0.5):0.000} | {P(plain, 0.99):0.000} | {P(explained, 0.99):0.000} | extra <= 1 |");
        Console.WriteLine($"| in process, LoadedModel.Score | {plainInProcess.Length:N0} | {P(plainInProcess, 0.5):0.000} | {P(explainedInProcess, 0.5):0.000} | {P(explainedInProcess, 0.5) - P(plainInProcess, 0.5):0.000} | {P(plainInProcess, 0.99):0.000} | {P(explainedInProcess, 0.99):0.000} | |");
    }

    private static async Task<(double[] Plain, double[] Explained)> HttpAsync(string storeDir)
    {
        await using var app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = storeDir, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(address) };
        const string url = "/v1/models/bench-explain/predict";
        await SendAsync(client, url, 1_000);
        await SendAsync(client, url + "?explain=3", 1_000);
        var plain = new List<double>();
        var explained = new List<double>();
        for (var b = 0; b < Blocks; b++)
        {
            plain.AddRange(await SendAsync(client, url, PerBlock));
            explained.AddRange(await SendAsync(client, url + "?explain=3", PerBlock));
        }
        await app.StopAsync();
        return ([.. plain], [.. explained]);
    }

    private static async Task<(double[] Plain, double[] Explained, string Method)> InProcessAsync(string storeDir)
    {
        await using var store = await MLCycleStore.OpenAsync(storeDir);
        var version = await store.Registry.ResolveAsync(MLCycle.Registry.ModelReference.Parse("bench-explain"));
        using var model = await LoadedModel.LoadAsync(version, store.Artifacts);
        var rows = JsonSerializer.Deserialize<Request>(Row, JsonSerializerOptions.Web)!.Rows;
        for (var i = 0; i < 2_000; i++)
        {
            model.Score(rows);
            model.Score(rows, 3);
        }
        var plain = new List<double>();
        var explained = new List<double>();
        for (var b = 0; b < Blocks; b++)
        {
            for (var i = 0; i < PerBlock; i++) plain.Add(Time(() => model.Score(rows)));
            for (var i = 0; i < PerBlock; i++) explained.Add(Time(() => model.Score(rows, 3)));
        }
        var explanation = model.Score(rows, 3).Predictions[0]!.Explanation!;
        return ([.. plain], [.. explained], $"{explanation.Method} ({explanation.Scale})");
    }

    private static double Time(Action action)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static async Task<double[]> SendAsync(HttpClient client, string url, int requests)
    {
        var body = Encoding.UTF8.GetBytes(Row);
        var latencies = new double[requests];
        for (var i = 0; i < requests; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(url, content);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"predict answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await response.Content.ReadAsByteArrayAsync();
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return latencies;
    }

    private static double P(double[] latencies, double quantile)
    {
        var sorted = latencies.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * quantile))];
    }

    private sealed record Request(List<Dictionary<string, JsonElement>> Rows);
}
