using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Pipelines;
using MLCycle.Registry;
using MLCycle.Server;
using MLCycle.Storage;

namespace MLCycle.Bench;

/// <summary>What a shadow route costs the caller: single-row predict latency at concurrency 1 on the model's bare name, without a route
/// and with a shadow of the same size (the champion's package registered again as version 2), in alternating rounds so load drifts
/// hit both alike.</summary>
public static class ShadowServingBenchmark
{
    public const string Verb = "serve-shadow";

    private const string Row = """{"rows":[{"tenure":5,"monthly":80.5,"usage":40.2,"support_calls":3,"age":40,"discount":0,"plan":"basic","region":"north","channel":"web"}]}""";
    private const int Rounds = 4;
    private const int PerRound = 5_000;

    public static async Task MeasureAsync(string work)
    {
        var data = Path.Combine(work, "churn40k.csv");
        SyntheticData.WriteCsv(data, RunBenchmark.Rows);
        var spec = Path.Combine(work, "lightgbm.yaml");
        await File.WriteAllTextAsync(spec, """
            name: bench-lightgbm
            data: { path: churn40k.csv, target: churned }
            train: { algorithms: [lightgbm, baseline], cv: 2 }
            """);
        var storeDir = Path.Combine(work, "store");
        var input = await PipelinePreflight.CheckAsync(SpecLoader.Load(spec));
        await using var store = await MLCycleStore.OpenAsync(storeDir);
        await new PipelineRunner(store).RunAsync(input);
        const string model = "bench-lightgbm";
        var first = (await store.Registry.ListVersionsAsync(model))[0];
        var shadow = await store.Registry.RegisterVersionAsync(new VersionRegistration
        {
            Name = model, RunId = first.RunId, PackagePath = first.PackagePath, PackageSha256 = first.PackageSha256,
        });
        await store.Registry.SetAliasAsync(model, ModelReference.DefaultAlias, first.Version, "bench");

        await using var app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = storeDir, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(address) };
        var url = $"/v1/models/{model}/predict";
        var body = Encoding.UTF8.GetBytes(Row);
        await SendAsync(client, url, body, 2_000);

        var loadBefore = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var plain = new List<double>();
        var shadowed = new List<double>();
        double plainSeconds = 0, shadowSeconds = 0;
        for (var round = 0; round < Rounds; round++)
        {
            await store.Registry.ClearRoutesAsync(model, "bench");
            await Task.Delay(TimeSpan.FromMilliseconds(1200));
            plainSeconds += await SendAsync(client, url, body, PerRound, plain);
            await store.Registry.SetRouteAsync(model, RouteKind.Shadow, ModelReference.ForVersion(model, shadow.Version), null, "bench");
            await Task.Delay(TimeSpan.FromMilliseconds(1200));
            shadowSeconds += await SendAsync(client, url, body, PerRound, shadowed);
        }
        var loadAfter = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        await Task.Delay(500);
        var metrics = await client.GetStringAsync("/metrics");
        await app.StopAsync();

        Console.WriteLine();
        Console.WriteLine($"## Shadow route overhead: one row per request at concurrency 1 ({Rounds} alternating rounds of {PerRound:N0}; load {loadBefore} -> {loadAfter})");
        Console.WriteLine("| route | requests | p50 ms | p90 ms | p99 ms | requests/s |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine(Line("champion alone", plain, plainSeconds));
        Console.WriteLine(Line("champion + shadow v2", shadowed, shadowSeconds));
        Console.WriteLine($"shadow scorings logged: {Counter(metrics, $"mlcycle_route_requests_total{{model=\"{model}\",version=\"{shadow.Version}\",role=\"shadow\"}}")}, "
            + $"skipped or failed: {metrics.Split('\n').Where(l => l.StartsWith("mlcycle_shadow_failures_total{", StringComparison.Ordinal)).Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))}");
    }

    private static string Line(string name, List<double> latencies, double seconds)
    {
        latencies.Sort();
        return $"| {name} | {latencies.Count:N0} | {latencies[latencies.Count / 2]:0.000} | {latencies[(int)(latencies.Count * 0.9)]:0.000} | "
            + $"{latencies[(int)(latencies.Count * 0.99)]:0.000} | {latencies.Count / seconds:N0} |";
    }

    private static string Counter(string metrics, string series) =>
        metrics.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))?[(series.Length + 1)..] ?? "0";

    private static async Task<double> SendAsync(HttpClient client, string url, byte[] body, int requests, List<double>? latencies = null)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(url, content);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"predict answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await response.Content.ReadAsByteArrayAsync();
            latencies?.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return clock.Elapsed.TotalSeconds;
    }
}
