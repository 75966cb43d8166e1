using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using MLCycle.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MLCycle.Bench;

/// <summary>Single-row predict requests over real HTTP on loopback, admission control on at its defaults: latency at concurrency 1,
/// throughput at 8 and 16, and the same row as Open Inference Protocol v2 tensors at concurrency 1.</summary>
public static class ServingBenchmark
{
    private const string Row = """{"rows":[{"tenure":5,"monthly":80.5,"usage":40.2,"support_calls":3,"age":40,"discount":0,"plan":"basic","region":"north","channel":"web"}]}""";

    // The same row as Open Inference Protocol v2 tensors, one per column.
    private const string Tensors = """{"id":"1","inputs":[{"name":"tenure","shape":[1],"datatype":"FP64","data":[5]},{"name":"monthly","shape":[1],"datatype":"FP64","data":[80.5]},{"name":"usage","shape":[1],"datatype":"FP64","data":[40.2]},{"name":"support_calls","shape":[1],"datatype":"FP64","data":[3]},{"name":"age","shape":[1],"datatype":"FP64","data":[40]},{"name":"discount","shape":[1],"datatype":"FP64","data":[0]},{"name":"plan","shape":[1],"datatype":"BYTES","data":["basic"]},{"name":"region","shape":[1],"datatype":"BYTES","data":["north"]},{"name":"channel","shape":[1],"datatype":"BYTES","data":["web"]}]}""";

    public static async Task MeasureAsync(TrainedStore trained)
    {
        await using var app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = trained.StoreDirectory, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16, UseProxy = false }) { BaseAddress = new Uri(address) };
        var url = $"/v1/models/{trained.ModelName}/predict";

        var infer = $"/v2/models/{trained.ModelName}/infer";
        await SendAsync(client, url, Row, 2_000, 1); // warm-up
        await SendAsync(client, infer, Tensors, 2_000, 1);
        var single = await SendAsync(client, url, Row, 10_000, 1);
        var loaded = await SendAsync(client, url, Row, 40_000, 8);
        var tensors = await SendAsync(client, infer, Tensors, 10_000, 1);
        var sixteen = await SendAsync(client, url, Row, 40_000, 16);
        await app.StopAsync();

        Console.WriteLine();
        Console.WriteLine("## Serving one row per request (client and server on the same 2 cores)");
        Console.WriteLine("| concurrency | requests | p50 ms | p99 ms | requests/s | target |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine($"| 1 | {single.Count:N0} | {single.P50:0.000} | {single.P99:0.000} | {single.PerSecond:N0} | p50 <= 1, p99 <= 5 |");
        Console.WriteLine($"| 8 | {loaded.Count:N0} | {loaded.P50:0.000} | {loaded.P99:0.000} | {loaded.PerSecond:N0} | >= 2,000/s |");
        Console.WriteLine($"| 16 | {sixteen.Count:N0} | {sixteen.P50:0.000} | {sixteen.P99:0.000} | {sixteen.PerSecond:N0} | no 429 below the default limit |");
        Console.WriteLine($"| 1, v2 infer | {tensors.Count:N0} | {tensors.P50:0.000} | {tensors.P99:0.000} | {tensors.PerSecond:N0} | p99 <= 2 |");
    }

    private static async Task<LoadResult> SendAsync(HttpClient client, string url, string json, int requests, int concurrency)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var latencies = new double[requests];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var start = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync(url, content);
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"predict answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                await response.Content.ReadAsByteArrayAsync();
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }));
        clock.Stop();
        Array.Sort(latencies);
        return new LoadResult(requests, latencies[requests / 2], latencies[(int)(requests * 0.99)], requests / clock.Elapsed.TotalSeconds);
    }

    private sealed record LoadResult(int Count, double P50, double P99, double PerSecond);
}
