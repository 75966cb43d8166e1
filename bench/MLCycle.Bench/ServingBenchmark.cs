using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using MLCycle.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MLCycle.Bench;

/// <summary>Single-row predict requests over real HTTP on loopback: latency at concurrency 1, throughput at 8.</summary>
public static class ServingBenchmark
{
    private const string Row = """{"rows":[{"tenure":5,"monthly":80.5,"usage":40.2,"support_calls":3,"age":40,"discount":0,"plan":"basic","region":"north","channel":"web"}]}""";

    public static async Task MeasureAsync(TrainedStore trained)
    {
        await using var app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = trained.StoreDirectory, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16, UseProxy = false }) { BaseAddress = new Uri(address) };
        var url = $"/v1/models/{trained.ModelName}/predict";

        await SendAsync(client, url, 2_000, 1); // warm-up
        var single = await SendAsync(client, url, 10_000, 1);
        var loaded = await SendAsync(client, url, 40_000, 8);
        await app.StopAsync();

        Console.WriteLine();
        Console.WriteLine("## Serving one row per request (client and server on the same 2 cores)");
        Console.WriteLine("| concurrency | requests | p50 ms | p99 ms | requests/s | target |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine($"| 1 | {single.Count:N0} | {single.P50:0.000} | {single.P99:0.000} | {single.PerSecond:N0} | p50 <= 1, p99 <= 5 |");
        Console.WriteLine($"| 8 | {loaded.Count:N0} | {loaded.P50:0.000} | {loaded.P99:0.000} | {loaded.PerSecond:N0} | >= 2,000/s |");
    }

    private static async Task<LoadResult> SendAsync(HttpClient client, string url, int requests, int concurrency)
    {
        var body = Encoding.UTF8.GetBytes(Row);
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
