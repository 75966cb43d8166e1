using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MLCycle.Cli;
using MLCycle.Storage;
using Npgsql;
using NpgsqlTypes;

namespace MLCycle.Bench;

/// <summary>
/// The tracking REST API of `mlcycle server` against PostgreSQL holding 100,000 runs with 20 metrics and 20 params each: log-batch
/// of 1,000 metrics, a filtered ordered search returning 100 runs, and paging through every match, timed per request over real HTTP
/// on loopback (client side, so HTTP and JSON are included). The runs are written with COPY (binary) straight into the tables, one
/// experiment; the server runs as a process of its own.
/// </summary>
public static class TrackingApiBenchmark
{
    public const string Verb = "tracking-api";
    public const string ChildVerb = "tracking-api-server";
    private const string Schema = "bench_tracking";
    private const string Filter = "metrics.m3 > 0.5 and params.p1 = 'x'";
    private const string Order = "metrics.m7 DESC";
    private const int Seed = 42;
    private const int LogBatchWarmup = 300;

    /// <summary>The child's side: `mlcycle server` in this process.</summary>
    public static Task<int> ChildAsync(string[] args) => CliApp.RunAsync(["server", .. args]);

    /// <param name="reuse">Keep a schema an earlier run filled with as many runs (the fill costs minutes); its own log-batch runs
    /// hold no m3, so they never match the search.</param>
    public static async Task MeasureAsync(string work, int runs, bool reuse = false)
    {
        var postgres = await PostgresAsync();
        var builder = new NpgsqlConnectionStringBuilder(postgres);
        var address = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}?schema={Schema}";
        // The fill and the count run for minutes on a busy machine: no command timeout.
        var tables = new NpgsqlConnectionStringBuilder(postgres) { SearchPath = Schema, CommandTimeout = 0 }.ConnectionString;
        var filled = reuse && await ScalarAsync(postgres, $"SELECT COUNT(*) FROM pg_tables WHERE schemaname = '{Schema}' AND tablename = 'runs'") == 1
            && await ScalarAsync(tables, "SELECT COUNT(*) FROM runs WHERE name LIKE 'run%'") == runs;
        if (!filled) await ExecuteAsync(postgres, $"DROP SCHEMA IF EXISTS {Schema} CASCADE");
        string token;
        var artifacts = Path.Combine(work, "artifacts");
        await using (var store = await MLCycleStore.OpenAsync(new StoreOptions { Address = address, ArtifactsDirectory = artifacts }))
        {
            // A reused schema already has a user "bench": each run adds one of its own.
            token = (await store.Users.AddUserAsync(filled ? $"bench-{DateTime.UtcNow:yyyyMMddHHmmss}" : "bench", admin: true, "bench")).Token;
            if (filled)
            {
                // Statistics a newer migration declares are filled by ANALYZE only.
                await ExecuteAsync(tables, "ANALYZE");
                Console.WriteLine($"Reusing the {runs:N0} runs already in {address}.");
            }
            else
            {
                var experiment = await store.Tracking.GetOrCreateExperimentAsync("bench");
                var fill = Stopwatch.StartNew();
                await FillAsync(tables, experiment.Id, runs);
                await ExecuteAsync(tables, "ANALYZE");
                Console.WriteLine($"Filled {runs:N0} runs x 20 metrics x 20 params with COPY in {fill.Elapsed.TotalSeconds:F1} s ({address}).");
            }
        }
        var matches = await ScalarAsync(tables, """
            SELECT COUNT(*) FROM runs r
            WHERE EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_id = r.run_id AND m.key = 'm3' AND m.value > 0.5)
              AND EXISTS (SELECT 1 FROM params p WHERE p.run_id = r.run_id AND p.key = 'p1' AND p.value = 'x')
            """);

        var port = FreePort();
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(TrackingApiBenchmark).Assembly.Location);
        foreach (var arg in new[] { ChildVerb, "--store", address, "--artifacts", artifacts, "--port", port.ToString(CultureInfo.InvariantCulture) }) info.ArgumentList.Add(arg);
        using var server = Process.Start(info)!;
        _ = server.StandardOutput.ReadToEndAsync();
        _ = server.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            await WaitReadyAsync(client);
            // The server's CPU time per measured request (after the warm-up's JIT) is less sensitive to a shared machine than the wall
            // clock; PostgreSQL's share is not in it.
            // Tiered compilation re-compiles the server's hot paths (tier 1 with PGO) on a background thread during its first few hundred
            // requests: after 20 warm-up batches that JIT was about half the server's CPU per measured batch. The target is the steady state.
            await LogBatchAsync(client, warmup: 20, measured: 0);
            var serverCpu = CpuMilliseconds(server);
            await LogBatchAsync(client, warmup: LogBatchWarmup - 20, measured: 0);
            var warmupCpu = (CpuMilliseconds(server) - serverCpu) / (LogBatchWarmup - 20);
            serverCpu = CpuMilliseconds(server);
            var logBatch = await LogBatchAsync(client, warmup: 0, measured: 200);
            var logBatchCpu = (CpuMilliseconds(server) - serverCpu) / 200;
            var searchUrl = $"/api/v1/runs?experiment=bench&filter={Uri.EscapeDataString(Filter)}&order_by={Uri.EscapeDataString(Order)}&max_results=100";
            await SearchAsync(client, searchUrl, warmup: 5, measured: 0);
            serverCpu = CpuMilliseconds(server);
            var search = await SearchAsync(client, searchUrl, warmup: 0, measured: 50);
            var searchCpu = (CpuMilliseconds(server) - serverCpu) / 50;
            var (pageTimes, paged, pagingTime) = await PageAllAsync(client, searchUrl);
            var pages = pageTimes.Count;
            Console.WriteLine();
            Console.WriteLine($"| measurement | requests | p50 ms | p99 ms | server CPU ms per request |");
            Console.WriteLine($"|---|---:|---:|---:|---:|");
            Console.WriteLine($"| log-batch, 1,000 metrics (50 keys x 20 steps) | 200 | {Percentile(logBatch, 50):F2} | {Percentile(logBatch, 99):F2} | {logBatchCpu:F2} |");
            Console.WriteLine($"| log-batch during warm-up (requests 21 to {LogBatchWarmup}, JIT still compiling) | {LogBatchWarmup - 20} | | | {warmupCpu:F2} |");
            Console.WriteLine($"| search `{Filter}` order by `{Order}`, 100 runs | 50 | {Percentile(search, 50):F2} | {Percentile(search, 99):F2} | {searchCpu:F2} |");
            Console.WriteLine();
            Console.WriteLine($"Paging through every match, 100 per page: {pages} pages, {paged:N0} runs (SQL count: {matches:N0}) in {pagingTime.TotalSeconds:F1} s " +
                              $"({pagingTime.TotalMilliseconds / pages:F1} ms per page).");
            var tenth = Math.Max(1, pages / 10);
            Console.WriteLine($"Page times: first {pageTimes[0]:F1} ms, last {pageTimes[^1]:F1} ms; p50 of the first {tenth} pages " +
                              $"{Percentile(pageTimes[..tenth], 50):F1} ms, of the last {tenth} {Percentile(pageTimes[^tenth..], 50):F1} ms.");
            if (paged != matches) throw new InvalidOperationException($"Paging returned {paged} runs; {matches} match.");
            Console.WriteLine($"Load: {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    /// <summary>Runs of 20 metrics (m0..m19, uniform in [0, 1)) and 20 params (p1 one of x, y, z, w; the rest numbered), seeded.</summary>
    internal static async Task FillAsync(string connectionString, long experimentId, int runs)
    {
        var random = new Random(Seed);
        var ids = Enumerable.Range(0, runs).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var start = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Foreign-key triggers off for this session (superuser only): every row's run exists by construction, and checking 6M rows costs minutes.
        await using (var replica = new NpgsqlCommand("SET session_replication_role = replica", connection)) await replica.ExecuteNonQueryAsync();
        await using (var copy = await connection.BeginBinaryImportAsync("COPY runs (run_id, experiment_id, name, status, start_time, end_time) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < runs; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(ids[i], NpgsqlDbType.Varchar);
                await copy.WriteAsync(experimentId, NpgsqlDbType.Bigint);
                await copy.WriteAsync($"run{i}", NpgsqlDbType.Text);
                await copy.WriteAsync("Finished", NpgsqlDbType.Varchar);
                await copy.WriteAsync(start + i * 20L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(start + i * 20L + 10, NpgsqlDbType.Bigint);
            }
            await copy.CompleteAsync();
        }
        string[] choices = ["x", "y", "z", "w"];
        await using (var copy = await connection.BeginBinaryImportAsync("COPY params (run_id, key, value) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < runs; i++)
            {
                for (var p = 0; p < 20; p++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(ids[i], NpgsqlDbType.Varchar);
                    await copy.WriteAsync($"p{p}", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(p == 1 ? choices[random.Next(4)] : random.Next(1000).ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Text);
                }
            }
            await copy.CompleteAsync();
        }
        var values = new double[runs * 20];
        for (var i = 0; i < values.Length; i++) values[i] = random.NextDouble();
        // The history is a row per run, key and batch with its values in arrays (migration 15): here a batch of one value each.
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY metric_history (run_id, key, value_list, is_nan_list, step_list, logged_at_list) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < runs; i++)
            {
                for (var m = 0; m < 20; m++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(ids[i], NpgsqlDbType.Varchar);
                    await copy.WriteAsync($"m{m}", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(new[] { values[i * 20 + m] }, NpgsqlDbType.Array | NpgsqlDbType.Double);
                    await copy.WriteAsync(new short[] { 0 }, NpgsqlDbType.Array | NpgsqlDbType.Smallint);
                    await copy.WriteAsync(new[] { 0L }, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
                    await copy.WriteAsync(new[] { start + i * 20L + 10 }, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
                }
            }
            await copy.CompleteAsync();
        }
        await using (var copy = await connection.BeginBinaryImportAsync("COPY latest_metrics (run_id, key, value, is_nan, step, logged_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < runs; i++)
            {
                for (var m = 0; m < 20; m++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(ids[i], NpgsqlDbType.Varchar);
                    await copy.WriteAsync($"m{m}", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(values[i * 20 + m], NpgsqlDbType.Double);
                    await copy.WriteAsync((short)0, NpgsqlDbType.Smallint);
                    await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(start + i * 20L + 10, NpgsqlDbType.Bigint);
                }
            }
            await copy.CompleteAsync();
        }
    }

    private static async Task<List<double>> LogBatchAsync(HttpClient client, int warmup, int measured)
    {
        using var created = await client.PostAsync("/api/v1/runs", Json("""{"experiment":"bench","name":"log-batch"}"""));
        var runId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("run_id").GetString();
        var random = new Random(Seed);
        var times = new List<double>();
        for (var i = 0; i < warmup + measured; i++)
        {
            var body = new StringBuilder("""{"metrics":[""");
            for (var j = 0; j < 1000; j++)
            {
                if (j > 0) body.Append(',');
                body.Append(CultureInfo.InvariantCulture, $$"""{"key":"k{{j % 50}}","value":{{random.NextDouble():R}},"step":{{i * 20 + j / 50}},"timestamp":{{1_700_000_000_000L + i}}}""");
            }
            body.Append("]}");
            using var content = Json(body.ToString());
            var clock = Stopwatch.StartNew();
            using var response = await client.PostAsync($"/api/v1/runs/{runId}/log-batch", content);
            clock.Stop();
            if (response.StatusCode != HttpStatusCode.NoContent) throw new InvalidOperationException($"log-batch answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            if (i >= warmup) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private static async Task<List<double>> SearchAsync(HttpClient client, string url, int warmup, int measured)
    {
        var times = new List<double>();
        for (var i = 0; i < warmup + measured; i++)
        {
            var clock = Stopwatch.StartNew();
            var (count, _) = await PageAsync(client, url);
            clock.Stop();
            if (count != 100) throw new InvalidOperationException($"The search returned {count} runs, not 100.");
            if (i >= warmup) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    /// <summary>Pages to the last token; each page's time, in order, shows whether a deep page costs more than the first.</summary>
    private static async Task<(List<double> PageTimes, long Runs, TimeSpan Elapsed)> PageAllAsync(HttpClient client, string url)
    {
        var clock = Stopwatch.StartNew();
        var (times, runs) = (new List<double>(), 0L);
        string? token = null;
        do
        {
            var page = Stopwatch.StartNew();
            var (count, next) = await PageAsync(client, token is null ? url : $"{url}&page_token={Uri.EscapeDataString(token)}");
            times.Add(page.Elapsed.TotalMilliseconds);
            runs += count;
            token = next;
        }
        while (token is not null);
        return (times, runs, clock.Elapsed);
    }

    private static async Task<(int Count, string? Next)> PageAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"search answered {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        var next = json.RootElement.TryGetProperty("next_page_token", out var token) ? token.GetString() : null;
        return (json.RootElement.GetProperty("runs").GetArrayLength(), next);
    }

    /// <summary>The test PostgreSQL: MLCYCLE_TEST_POSTGRES when set, else the one `.ci/postgres.sh` starts (installing it if needed).</summary>
    internal static async Task<string> PostgresAsync()
    {
        if (Environment.GetEnvironmentVariable("MLCYCLE_TEST_POSTGRES") is { Length: > 0 } set) return set;
        var info = new ProcessStartInfo("bash", [Path.Combine(PublishedCli.RepoRoot(), ".ci", "postgres.sh")]) { RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("export MLCYCLE_TEST_POSTGRES=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException(".ci/postgres.sh printed no MLCYCLE_TEST_POSTGRES.");
        return line["export MLCYCLE_TEST_POSTGRES=".Length..].Trim('\'');
    }

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    internal static async Task WaitReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The server was not ready within 2 minutes.");
    }

    private static double CpuMilliseconds(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    internal static double Percentile(List<double> values, double percent)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percent / 100 * sorted.Count) - 1)];
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
