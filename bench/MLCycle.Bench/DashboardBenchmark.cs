using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Server;
using MLCycle.Storage;

namespace MLCycle.Bench;

/// <summary>
/// The dashboard's runs page against a SQLite store of many runs (issue 12: first render of /runs within 300 ms at 100,000
/// runs). Runs are written straight into the store's tables in one transaction, since a store-API call per run would take
/// longer than the measurement: 10 experiments, 5 params, 5 metrics and 2 tags a run. The time measured is the whole server
/// response (sent to the last byte read) over loopback, after 3 warm-up calls; 20 calls a page, median and p95.
/// </summary>
public static class DashboardBenchmark
{
    public static async Task MeasureAsync(string work, int runs)
    {
        var folder = Path.Combine(work, "dashboard-store");
        string token;
        await using (var store = await MLCycleStore.OpenAsync(folder))
        {
            for (int e = 0; e < 10; e++) await store.Tracking.GetOrCreateExperimentAsync($"exp-{e}");
            token = (await store.Users.AddUserAsync("bench", admin: true, "bench")).Token;
        }
        var seed = Stopwatch.StartNew();
        var someRun = Seed(Path.Combine(folder, MLCycleStore.DatabaseFileName), runs);
        Console.WriteLine($"seeded {runs:#,0} runs in {seed.Elapsed.TotalSeconds:0.0} s");

        var app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = folder, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Console.WriteLine($"| page ({runs:#,0} runs) | median ms | p95 ms | bytes |");
            Console.WriteLine("|---|---:|---:|---:|");
            foreach (var path in new[]
            {
                "/runs", "/runs?experiment=exp-3", "/runs?sort=auc", "/runs?experiment=exp-3&filter=" + Uri.EscapeDataString("params.algorithm = 'lightgbm' and metrics.auc > 0.9"),
                $"/runs/{someRun}", "/compare?run=" + someRun,
            })
            {
                await MeasurePageAsync(client, path);
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task MeasurePageAsync(HttpClient client, string path)
    {
        var times = new List<double>();
        long bytes = 0;
        for (int i = 0; i < 23; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsByteArrayAsync();
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
            bytes = body.Length;
            if (i >= 3) times.Add(ms);
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| `{path}` | {times[times.Count / 2]:0.0} | {times[(int)Math.Ceiling(times.Count * 0.95) - 1]:0.0} | {bytes:#,0} |"));
    }

    /// <summary>Writes the runs in one transaction with prepared statements; returns one run id to open.</summary>
    private static string Seed(string database, int runs)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var experiments = new List<long>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT experiment_id FROM experiments ORDER BY experiment_id";
            using var reader = read.ExecuteReader();
            while (reader.Read()) experiments.Add(reader.GetInt64(0));
        }
        using var run = Prepare(connection, "INSERT INTO runs (run_id, experiment_id, name, status, start_time, end_time) VALUES ($a, $b, $c, 'Finished', $d, $e)", 5);
        using var param = Prepare(connection, "INSERT INTO params (run_id, key, value) VALUES ($a, $b, $c)", 3);
        using var tag = Prepare(connection, "INSERT INTO tags (run_id, key, value) VALUES ($a, $b, $c)", 3);
        using var metric = Prepare(connection, "INSERT INTO metrics (run_id, key, value, is_nan, step, logged_at) VALUES ($a, $b, $c, 0, 0, $d)", 4);
        // Searches filter and sort on each metric's latest value, which log-batch keeps in latest_metrics: written here the same way.
        using var latest = Prepare(connection, "INSERT INTO latest_metrics (run_id, key, value, is_nan, step, logged_at) VALUES ($a, $b, $c, 0, 0, $d)", 4);
        var random = new Random(42);
        string last = "";
        string[] algorithms = ["lightgbm", "fasttree", "logistic", "sdca"];
        for (int i = 0; i < runs; i++)
        {
            var id = Guid.NewGuid().ToString("N");
            last = id;
            var time = now - (runs - i) * 1000L;
            Run(run, id, experiments[i % experiments.Count], $"run-{i}", time, time + 500);
            Run(param, id, "algorithm", algorithms[random.Next(algorithms.Length)]);
            Run(param, id, "seed", "42");
            Run(param, id, "folds", "5");
            Run(param, id, "learning_rate", (0.01 * random.Next(1, 30)).ToString(CultureInfo.InvariantCulture));
            Run(param, id, "trees", random.Next(50, 500).ToString(CultureInfo.InvariantCulture));
            Run(tag, id, "team", i % 3 == 0 ? "risk" : "growth");
            Run(tag, id, "mlcycle.source", "bench");
            foreach (var key in new[] { "auc", "f1", "accuracy", "log_loss", "precision" })
            {
                var value = random.NextDouble();
                Run(metric, id, key, value, time);
                Run(latest, id, key, value, time);
            }
        }
        transaction.Commit();
        return last;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in "abcde"[..parameters]) command.Parameters.Add(new SqliteParameter("$" + name, null));
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (int i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }
}
