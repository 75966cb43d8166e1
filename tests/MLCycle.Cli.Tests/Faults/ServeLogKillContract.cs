using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MLCycle.Storage;
using Xunit.Abstractions;

namespace MLCycle.Cli.Tests.Faults;

/// <summary>
/// Kills `mlcycle serve` with SIGKILL while it logs 5,000-row requests (to SQLite through the statement API in one transaction per
/// batch, to PostgreSQL through binary COPY: ADR 0057), several times at different moments. After each kill the store opens (and
/// SQLite's passes its integrity check), every logged entry is whole, and what is logged is a prefix of what was served in order: whole
/// requests, then at most one request's first rows, then nothing (a lost batch in the middle would show as a hole). Then a
/// restarted server serves and logs every row again, and `monitor --logged` counts exactly the rows the store holds.
/// </summary>
public abstract class ServeLogKillContract(ITestOutputHelper output) : IDisposable
{
    private const int RowsPerRequest = 5_000;
    private readonly string folder = Directory.CreateTempSubdirectory("mlcycle-serve-kill-").FullName;

    /// <summary>The --store (and --artifacts) arguments of the store the server logs to.</summary>
    protected abstract string[] StoreArgs { get; }

    /// <summary>Opens that store in this process.</summary>
    protected abstract Task<MLCycleStore> OpenStoreAsync();

    /// <summary>"ok" when the store's files are sound (SQLite's integrity check); PostgreSQL keeps its own.</summary>
    protected virtual string IntegrityCheck() => "ok";

    protected string Folder => folder;

    [Fact]
    public async Task Serve_killedWhileLogging_leavesWholeBatches_thenServesAndLogsAgain_andMonitorCountsTheStore()
    {
        var trained = await Cli.RunAsync(["run", WriteSpec(), .. StoreArgs, "--json"]);
        Assert.True(trained.ExitCode == 0, trained.ToString());
        var body = Body();
        var logged = 0;

        foreach (var delay in new[] { 300, 900, 1_500, 2_500 })
        {
            var served = new List<List<string>>();
            var port = FreePort();
            using (var serve = CliProcess.Start(["serve", .. StoreArgs, "--port", port.ToString(CultureInfo.InvariantCulture)]))
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                await WaitUntilUpAsync(client, serve);
                // One client, request after request, so the order served is the order logged.
                var sending = Task.Run(async () =>
                {
                    try
                    {
                        while (true) served.Add(await PredictAsync(client, body));
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // The server is gone.
                    }
                });
                while (served.Count == 0 && !sending.IsCompleted) await Task.Delay(20);
                await Task.Delay(delay);
                serve.Kill(entireProcessTree: true);
                await serve.WaitForExitAsync();
                await sending;
            }

            Assert.Equal("ok", IntegrityCheck());
            await using var store = await OpenStoreAsync();
            var entries = await store.Predictions.ReadAsync("penguins", limit: int.MaxValue);
            Assert.All(entries, e => Assert.Equal(7, JsonDocument.Parse(e.InputsJson).RootElement.EnumerateObject().Count()));
            var ids = entries.Skip(logged).Select(e => e.Id!).ToList();
            // The request in flight at the kill may be logged (in part) without its answer having arrived: it can only follow.
            var answered = served.SelectMany(r => r).ToList();
            var both = Math.Min(ids.Count, answered.Count);
            Assert.True(answered.Take(both).SequenceEqual(ids.Take(both)), $"after a kill {delay} ms in: the {ids.Count} rows logged are not the first rows served");
            Assert.InRange(ids.Count, 0, answered.Count + RowsPerRequest);
            output.WriteLine($"killed {delay} ms after the first answer: {served.Count} requests answered ({served.Count * RowsPerRequest} rows), {ids.Count} rows logged");
            logged = entries.Count;
        }

        var last = FreePort();
        using (var serve = CliProcess.Start(["serve", .. StoreArgs, "--port", last.ToString(CultureInfo.InvariantCulture)]))
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{last}") };
            await WaitUntilUpAsync(client, serve);
            var ids = await PredictAsync(client, body);
            var deadline = DateTime.UtcNow.AddMinutes(2);
            await using var store = await OpenStoreAsync();
            while ((await store.Predictions.ReadAsync("penguins", limit: int.MaxValue)).Count < logged + RowsPerRequest && DateTime.UtcNow < deadline) await Task.Delay(200);
            var entries = await store.Predictions.ReadAsync("penguins", limit: int.MaxValue);
            Assert.Equal(ids, entries.Skip(logged).Select(e => e.Id!));
            logged = entries.Count;
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }

        var monitor = await Cli.RunAsync(["monitor", "--model", "penguins", "--logged", "--since", "2000-01-01T00:00:00Z", .. StoreArgs, "--json"]);
        Assert.True(monitor.ExitCode is 0 or 3, monitor.ToString());
        Assert.Equal(logged, monitor.Json().GetProperty("rows").GetInt64());
    }

    public virtual void Dispose()
    {
        Directory.Delete(folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    private string WriteSpec()
    {
        File.Copy(RepoPaths.Get("examples", "penguins", "penguins.csv"), Path.Combine(folder, "penguins.csv"));
        var spec = Path.Combine(folder, "mlcycle.yaml");
        File.WriteAllText(spec, "name: penguins\ndata: { path: penguins.csv, target: species, task: multiclass }\nsplit: { test: 0.25, seed: 7 }\n" +
            "train: { algorithms: [lightgbm], cv: 2 }\n");
        return spec;
    }

    private static string Body() => PenguinsServing.Body(RowsPerRequest);

    private static async Task<List<string>> PredictAsync(HttpClient client, string body)
    {
        var response = await client.PostAsync("/v1/models/penguins/predict", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        return [.. json.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)];
    }

    private static Task WaitUntilUpAsync(HttpClient client, System.Diagnostics.Process server) => PenguinsServing.WaitUntilUpAsync(client, server);

    private static int FreePort() => PenguinsServing.FreePort();
}
