using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Cli.Remote;
using MLCycle.Client;
using MLCycle.Server;
using MLCycle.Storage;
using MLCycle.Tracking;

namespace MLCycle.Bench;

/// <summary>
/// What `run --server` adds for a search: publishing its trials as child runs (issue 12). A staging store holds a run with N trials
/// shaped as <c>TrialRuns</c> writes them (algorithm, trial and 5 hyperparameters as params; seconds, cv_mean and cv_sd as metrics);
/// <see cref="RunPublisher"/> publishes it to a real server on loopback over SQLite (in this process, so the CPU time counts both
/// sides), 3 requests a trial. Each repetition publishes a new run; the median of 5 after one warm-up.
/// </summary>
public static class PublishTrialsBenchmark
{
    public const string Verb = "publish-trials";

    public static async Task MeasureAsync(string work, int trials)
    {
        var folder = Path.Combine(work, "server-store");
        string token;
        await using (var store = await MLCycleStore.OpenAsync(folder))
        {
            token = (await store.Users.AddUserAsync("bench", admin: true, "bench")).Token;
        }
        var app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = folder, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            using var client = new MLCycleClient(new Uri(address), token);
            var times = new List<double>();
            for (var i = 0; i < 6; i++)
            {
                var (wall, cpu) = await PublishOnceAsync(client, Path.Combine(work, $"staging-{i}"), trials);
                if (i > 0) times.Add(wall);
                Console.WriteLine($"{(i == 0 ? "warm-up" : "run " + i)}: {trials} trials published in {wall:0} ms wall, {cpu:0} ms CPU (server and client)");
            }
            times.Sort();
            Console.WriteLine($"| trials | requests | median ms | min ms | max ms |\n|---:|---:|---:|---:|---:|\n| {trials} | {3 * trials} | {times[times.Count / 2]:0} | {times[0]:0} | {times[^1]:0} |");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<(double WallMs, double CpuMs)> PublishOnceAsync(MLCycleClient client, string stagingFolder, int trials)
    {
        await using var staging = await MLCycleStore.OpenAsync(stagingFolder);
        var remote = await client.StartRunAsync("bench-search", "published search");
        await staging.Tracking.CreateRunWithIdAsync(remote.RunId, "bench-search", "published search");
        var random = new Random(42);
        for (var t = 1; t <= trials; t++)
        {
            var text = t.ToString(CultureInfo.InvariantCulture);
            var child = await staging.Tracking.CreateRunAsync("bench-search", $"trial {text} lightgbm",
                new Dictionary<string, string> { [TrackingTags.ParentRunId] = remote.RunId, ["mlcycle.trial"] = text });
            var parameters = new List<Param> { new("algorithm", "lightgbm"), new("trial", text) };
            parameters.AddRange(Enumerable.Range(0, 5).Select(h => new Param($"h{h}", random.NextDouble().ToString("R", CultureInfo.InvariantCulture))));
            var now = DateTimeOffset.UtcNow;
            Metric[] metrics = [new("seconds", random.NextDouble(), 0, now), new("cv_mean.auc", random.NextDouble(), 0, now), new("cv_sd.auc", random.NextDouble() / 10, 0, now)];
            await staging.Tracking.LogBatchAsync(child.RunId, metrics, parameters, []);
            await staging.Tracking.EndRunAsync(child.RunId, Tracking.RunStatus.Finished);
        }
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var published = await new RunPublisher(client, staging, progress: null).PublishAsync(remote, CancellationToken.None);
        clock.Stop();
        self.Refresh();
        if (published.Count != trials) throw new InvalidOperationException($"{published.Count} of {trials} trials were published.");
        await remote.EndAsync();
        return (clock.Elapsed.TotalMilliseconds, (self.TotalProcessorTime - cpu).TotalMilliseconds);
    }
}
