using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MLCycle.Pipelines;
using MLCycle.Storage;
using Npgsql;

namespace MLCycle.Bench;

/// <summary>
/// Ten times the load the REST API sustains: `mlcycle server` on PostgreSQL holding 5,000 runs (20 metrics, 20 params each) and the
/// penguins model, driven by closed-loop clients that alternate a filtered search (100 runs) and a 20-metric log-batch and retry a
/// refusal at once (a hostile client, not one that honours Retry-After). 1x is as many clients as the API admits at once (16 on
/// 2 cores), 10x ten times that, and 16x the most a busy proxy would pass. Beside the flood one client alternates a one-row
/// prediction and /v2/health/ready. Per level: admitted p50/p99, refused share and the refusals' p99, every status seen, the
/// server's peak RSS and the most connections PostgreSQL saw from it; after the last level, searches one at a time show whether
/// latency comes back.
/// </summary>
public static class ApiOverloadBenchmark
{
    public const string Verb = "api-overload";
    private const string Schema = "bench_api_overload";
    private const int Runs = 5_000;
    private const string Search = "/api/v1/runs?experiment=bench&filter=metrics.m3%20%3E%200.5%20and%20params.p1%20%3D%20%27x%27&order_by=metrics.m7%20DESC&max_results=100";
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);
    private static readonly int[] Multiples = [1, 10, 16];

    public static async Task MeasureAsync(string work)
    {
        var postgres = await TrackingApiBenchmark.PostgresAsync();
        var builder = new NpgsqlConnectionStringBuilder(postgres);
        var address = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}?schema={Schema}";
        var tables = new NpgsqlConnectionStringBuilder(postgres) { SearchPath = Schema, CommandTimeout = 0 }.ConnectionString;
        var artifacts = Path.Combine(work, "artifacts");
        await TrackingApiBenchmark.ExecuteAsync(postgres, $"DROP SCHEMA IF EXISTS {Schema} CASCADE");
        string token;
        await using (var store = await MLCycleStore.OpenAsync(new StoreOptions { Address = address, ArtifactsDirectory = artifacts }))
        {
            token = (await store.Users.AddUserAsync("bench", admin: true, "bench")).Token;
            await TrackingApiBenchmark.FillAsync(tables, (await store.Tracking.GetOrCreateExperimentAsync("bench")).Id, Runs);
            await TrackingApiBenchmark.ExecuteAsync(tables, "ANALYZE");
            var spec = Path.Combine(PublishedCli.RepoRoot(), "examples", "penguins", "mlcycle.yaml");
            await new PipelineRunner(store).RunAsync(await PipelinePreflight.CheckAsync(SpecLoader.Load(spec)));
        }

        var port = TrackingApiBenchmark.FreePort();
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(ApiOverloadBenchmark).Assembly.Location);
        foreach (var arg in new[] { TrackingApiBenchmark.ChildVerb, "--store", address, "--artifacts", artifacts, "--port", port.ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(arg);
        using var server = Process.Start(info)!;
        var serverErrors = server.StandardError.ReadToEndAsync();
        _ = server.StandardOutput.ReadToEndAsync();
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = int.MaxValue })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2),
            };
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            await TrackingApiBenchmark.WaitReadyAsync(client);
            var run = await CreateRunAsync(client);
            await OneAtATimeAsync(client, 30);
            var quiet = await OneAtATimeAsync(client, 50);
            var admitted = AdmissionLimit();
            var levels = new List<(int Clients, Level Level)>();
            foreach (var multiple in Multiples)
            {
                Console.Error.WriteLine($"api-overload: {multiple * admitted} clients ...");
                levels.Add((multiple * admitted, await LevelAsync(client, run, multiple * admitted, server.Id, tables)));
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
            var after = await OneAtATimeAsync(client, 50);
            Print(admitted, levels, quiet, after, StatusKb(server.Id, "VmHWM:"));
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
            var errors = await serverErrors;
            if (errors.Contains("fail:", StringComparison.Ordinal)) Console.WriteLine($"\nThe server logged errors:\n{errors[..Math.Min(errors.Length, 4000)]}");
        }
    }

    private static int AdmissionLimit() => MLCycle.Server.Admission.AdmissionOptions.DefaultMaxApiConcurrency(Environment.ProcessorCount);

    private static async Task<Level> LevelAsync(HttpClient client, string run, int clients, int serverPid, string tables)
    {
        var level = new Level();
        using var stop = new CancellationTokenSource(Duration);
        var flood = Enumerable.Range(0, clients).Select(i => FloodAsync(client, run, i % 2 == 0, level, stop.Token)).ToList();
        var probe = ProbeAsync(client, level, stop.Token);
        var watch = WatchAsync(serverPid, tables, level, stop.Token);
        await Task.WhenAll([.. flood, probe, watch]);
        return level;
    }

    // A hostile client: asks again the moment it is refused.
    private static async Task FloodAsync(HttpClient client, string run, bool searchFirst, Level level, CancellationToken stop)
    {
        var search = searchFirst;
        var body = LogBatchBody();
        while (!stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                using var response = search
                    ? await client.GetAsync(Search, CancellationToken.None)
                    : await client.PostAsync($"/api/v1/runs/{run}/log-batch", new StringContent(body, Encoding.UTF8, "application/json"), CancellationToken.None);
                var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
                level.Record((int)response.StatusCode, clock.Elapsed.TotalMilliseconds,
                    response.Headers.Contains("Retry-After"), response.Content.Headers.ContentType?.MediaType == "application/problem+json");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                level.Record(0, clock.Elapsed.TotalMilliseconds, false, false);
            }
            search = !search;
        }
    }

    private static async Task ProbeAsync(HttpClient client, Level level, CancellationToken stop)
    {
        var row = """{"rows":[{"island":"Torgersen","bill_length_mm":39.1,"bill_depth_mm":18.7,"flipper_length_mm":181,"body_mass_g":3750,"sex":"male","year":"2007"}]}""";
        while (!stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            using (var predicted = await client.PostAsync("/v1/models/penguins/predict", new StringContent(row, Encoding.UTF8, "application/json"), CancellationToken.None))
                level.Probe(predicted.StatusCode == HttpStatusCode.OK, predict: true, clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            using (var ready = await client.GetAsync("/v2/health/ready", CancellationToken.None))
                level.Probe(ready.StatusCode == HttpStatusCode.OK, predict: false, clock.Elapsed.TotalMilliseconds);
            await Task.Delay(20, CancellationToken.None);
        }
    }

    // The server's resident memory and PostgreSQL's connections from it, twice a second.
    private static async Task WatchAsync(int serverPid, string tables, Level level, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            level.RssKb = Math.Max(level.RssKb, StatusKb(serverPid, "VmRSS:"));
            await using (var connection = new NpgsqlConnection(tables))
            {
                await connection.OpenAsync(CancellationToken.None);
                await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'mlcycle'", connection);
                level.Connections = Math.Max(level.Connections, Convert.ToInt32(await count.ExecuteScalarAsync(CancellationToken.None), CultureInfo.InvariantCulture));
            }
            try
            {
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<List<double>> OneAtATimeAsync(HttpClient client, int count)
    {
        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(Search);
            await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"A search alone answered {(int)response.StatusCode}.");
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private static async Task<string> CreateRunAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/v1/runs", new StringContent("""{"experiment":"bench-writes"}""", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("run_id").GetString()!;
    }

    private static string LogBatchBody() =>
        "{\"metrics\":[" + string.Join(',', Enumerable.Range(0, 20).Select(k => $"{{\"key\":\"w{k}\",\"value\":{k * 0.01:0.00},\"step\":{k}}}")) + "]}";

    private static void Print(int admitted, List<(int Clients, Level Level)> levels, List<double> quiet, List<double> after, long peakKb)
    {
        Console.WriteLine();
        Console.WriteLine($"## The API under ten times its load: {Runs:N0} runs on PostgreSQL, clients alternating search and 20-metric log-batch, " +
            $"{Duration.TotalSeconds:0} s per level, refusals retried at once; {Environment.ProcessorCount} cores, API admission {admitted}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine("| clients | requests/s | admitted/s | admitted p50 ms | admitted p99 ms | refused | refusal p50 ms | refusal p99 ms | 429 with Retry-After and problem | other statuses | predict ok (p99 ms) | ready ok (p99 ms) | server RSS MB | PostgreSQL connections |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|---:|");
        foreach (var (clients, l) in levels)
        {
            var total = l.Admitted.Count + l.Refused.Count + l.Other.Values.Sum();
            Console.WriteLine($"| {clients} | {total / Duration.TotalSeconds:N0} | {l.Admitted.Count / Duration.TotalSeconds:N0} | {P(l.Admitted, 50)} | {P(l.Admitted, 99)} | " +
                $"{100.0 * l.Refused.Count / Math.Max(1, total):0.0}% | {P(l.Refused, 50)} | {P(l.Refused, 99)} | {l.WellFormedRefusals}/{l.Refused.Count} | " +
                $"{(l.Other.IsEmpty ? "none" : string.Join(", ", l.Other.Select(o => $"{(o.Key == 0 ? "no answer" : o.Key)}: {o.Value}")))} | " +
                $"{l.PredictOk}/{l.PredictOk + l.PredictFailed} ({P(l.PredictTimes, 99)}) | {l.ReadyOk}/{l.ReadyOk + l.ReadyFailed} ({P(l.ReadyTimes, 99)}) | {l.RssKb / 1024.0:N0} | {l.Connections} |");
        }
        Console.WriteLine();
        Console.WriteLine($"One search at a time: before the load p50 {P(quiet, 50)} ms, p99 {P(quiet, 99)} ms; 2 s after it p50 {P(after, 50)} ms, p99 {P(after, 99)} ms. " +
            $"Server peak RSS (VmHWM) {peakKb / 1024.0:N0} MB.");
    }

    private static string P(List<double> values, double percent) =>
        values.Count == 0 ? "-" : TrackingApiBenchmark.Percentile(values, percent).ToString("0.0", CultureInfo.InvariantCulture);

    private static long StatusKb(int pid, string field) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith(field, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private sealed class Level
    {
        private readonly Lock gate = new();
        public readonly List<double> Admitted = [];
        public readonly List<double> Refused = [];
        public readonly ConcurrentDictionary<int, int> Other = new();
        public readonly List<double> PredictTimes = [];
        public readonly List<double> ReadyTimes = [];
        public int WellFormedRefusals;
        public int PredictOk, PredictFailed, ReadyOk, ReadyFailed;
        public long RssKb;
        public int Connections;

        public void Record(int status, double ms, bool retryAfter, bool problem)
        {
            lock (gate)
            {
                if (status is >= 200 and < 300) Admitted.Add(ms);
                else if (status == 429)
                {
                    Refused.Add(ms);
                    if (retryAfter && problem) WellFormedRefusals++;
                }
                else Other.AddOrUpdate(status, 1, (_, n) => n + 1);
            }
        }

        public void Probe(bool ok, bool predict, double ms)
        {
            lock (gate)
            {
                if (predict)
                {
                    PredictTimes.Add(ms);
                    if (ok) PredictOk++; else PredictFailed++;
                }
                else
                {
                    ReadyTimes.Add(ms);
                    if (ok) ReadyOk++; else ReadyFailed++;
                }
            }
        }
    }
}
