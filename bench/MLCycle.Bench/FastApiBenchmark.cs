using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MLCycle.Pipelines;
using MLCycle.Storage;

namespace MLCycle.Bench;

/// <summary>
/// Single-row serving against the stack a Python team would deploy (issue 11): `mlcycle serve` in a process of its own, with
/// its defaults (prediction log and /metrics on), and FastAPI + uvicorn (2 workers, httptools, uvloop, one OpenMP thread each)
/// serving scikit-learn's HistGradientBoosting, both trained on the telco example and sent the same JSON body by the same load
/// tool (wrk) in the same run.
/// </summary>
public static class FastApiBenchmark
{
    public const string Verb = "serve-fastapi";

    /// <summary>The Python imports the peer needs (from Debian), and wrk, which is not Python but is checked the same way.</summary>
    public static readonly (string Import, string Package)[] Peers =
    [
        ("import fastapi", "python3-fastapi"),
        ("import uvicorn", "python3-uvicorn"),
        ("import httptools", "python3-httptools"),
        ("import uvloop", "python3-uvloop"),
        ("from sklearn.ensemble import HistGradientBoostingClassifier", "python3-sklearn"),
        ("import pandas", "python3-pandas"),
        ("import shutil, sys; sys.exit(shutil.which('wrk') is None)", "wrk"),
    ];

    private const string Python = "/usr/bin/python3";
    private const string Route = "/v1/models/churn/predict";
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    public static async Task MeasureAsync(string work)
    {
        var csv = Path.Combine(work, "telco_churn.csv");
        File.Copy(Path.Combine(PublishedCli.RepoRoot(), "examples", "telco-churn", "telco_churn.csv"), csv);
        var store = await TrainAsync(work);
        var body = Body(csv);
        var script = Path.Combine(work, "post.lua");
        // wrk sends this body with every request; Lua's long brackets keep the JSON's quotes as they are.
        await File.WriteAllTextAsync(script, $"wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [[{body}]]\n");

        var loadBefore = LoadAverage();
        var (mlcyclePort, peerPort) = TwoFreePorts();
        using var mlcycle = StartMLCycle(store, mlcyclePort);
        using var peer = StartPeer(csv, peerPort);
        try
        {
            var mlcycleUrl = $"http://127.0.0.1:{mlcyclePort}{Route}";
            var peerUrl = $"http://127.0.0.1:{peerPort}{Route}";
            await WaitReadyAsync(mlcycleUrl, body, mlcycle, "mlcycle serve");
            await WaitReadyAsync(peerUrl, body, peer, "uvicorn");
            await CheckMetricsAsync(mlcyclePort);

            Console.Error.WriteLine("serve-fastapi: warming both servers ...");
            // Both concurrencies, each server: after the c=16 warm-up alone, the .NET runtime was still compiling methods to tier 1
            // in the first seconds of the c=1 cell (some 2,000 methods, against about 150 with a c=1 warm-up too; dotnet-counters,
            // docs/benchmarks.md), which put a cold start's compiling into a cell meant to measure a running server.
            foreach (var concurrency in new[] { 16, 1 })
            {
                await WrkAsync(mlcycleUrl, script, concurrency, TimeSpan.FromSeconds(3));
                await WrkAsync(peerUrl, script, concurrency, TimeSpan.FromSeconds(3));
            }
            var rows = new List<(int Concurrency, WrkResult MLCycle, WrkResult Peer)>();
            foreach (var concurrency in new[] { 1, 16 })
            {
                Console.Error.WriteLine($"serve-fastapi: concurrency {concurrency} ...");
                var ours = await WrkAsync(mlcycleUrl, script, concurrency, Duration);
                var theirs = await WrkAsync(peerUrl, script, concurrency, Duration);
                rows.Add((concurrency, ours, theirs));
            }
            var loadAfter = LoadAverage();

            Console.WriteLine();
            Console.WriteLine($"## Serving against FastAPI: one telco row per request, wrk for {Duration.TotalSeconds:0} s per cell, servers and wrk on the same {Environment.ProcessorCount} cores");
            Console.WriteLine($"Load average (1/5/15 min) before: {loadBefore}; after: {loadAfter}.");
            Console.WriteLine();
            Console.WriteLine("| concurrency | server | requests | requests/s | p50 ms | p99 ms | MLCycle/peer requests/s | target |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            foreach (var (concurrency, ours, theirs) in rows)
            {
                var target = concurrency == 1 ? "MLCycle p99 <= 2 ms" : "ratio >= 20";
                Console.WriteLine($"| {concurrency} | MLCycle | {ours.Requests:N0} | {ours.PerSecond:N0} | {ours.P50:0.000} | {ours.P99:0.000} | {ours.PerSecond / theirs.PerSecond:0.0} | {target} |");
                Console.WriteLine($"| {concurrency} | FastAPI peer | {theirs.Requests:N0} | {theirs.PerSecond:N0} | {theirs.P50:0.000} | {theirs.P99:0.000} | | |");
            }
        }
        finally
        {
            Stop(mlcycle);
            Stop(peer);
        }
    }

    /// <summary>The telco example's model as `mlcycle run` registers it, with LightGBM only and 2-fold CV so the benchmark trains quickly.</summary>
    private static async Task<string> TrainAsync(string work)
    {
        var spec = Path.Combine(work, "churn.yaml");
        await File.WriteAllTextAsync(spec, """
            name: churn
            data:
              path: telco_churn.csv
              target: churn
              types: { senior_citizen: categorical }
            split: { test: 0.2, seed: 42, stratify: true }
            train: { algorithms: [lightgbm, baseline], cv: 2 }
            """);
        var store = Path.Combine(work, "store");
        Console.Error.WriteLine("serve-fastapi: training the telco model ...");
        var input = await PipelinePreflight.CheckAsync(SpecLoader.Load(spec));
        await using (var opened = await MLCycleStore.OpenAsync(store))
            await new PipelineRunner(opened).RunAsync(input);
        return store;
    }

    /// <summary>`mlcycle serve` in a child process (this benchmark re-run with the overload benchmark's child verb), its defaults unchanged.</summary>
    private static Process StartMLCycle(string store, int port)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        // Started as `dotnet MLCycle.Bench.dll` the process path is the host, which needs the assembly named again.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(FastApiBenchmark).Assembly.Location);
        foreach (var arg in new[] { OverloadBenchmark.ChildVerb, "--store", store, "--port", port.ToString(CultureInfo.InvariantCulture) }) info.ArgumentList.Add(arg);
        return Drained(Process.Start(info)!);
    }

    /// <summary>uvicorn as a production deployment runs it: 2 workers, httptools, uvloop, one OpenMP thread per worker.</summary>
    private static Process StartPeer(string csv, int port)
    {
        var info = new ProcessStartInfo(Python, ["-m", "uvicorn", "fastapi_serve:app", "--app-dir", Path.Combine(AppContext.BaseDirectory, "peers"),
            "--workers", "2", "--http", "httptools", "--loop", "uvloop", "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["OMP_NUM_THREADS"] = "1";
        info.Environment["TELCO_CSV"] = csv;
        return Drained(Process.Start(info)!);
    }

    // Both servers log every request; reading their output keeps a full pipe from stalling them.
    private static Process Drained(Process process)
    {
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process process)
    {
        try
        {
            // uvicorn's workers are children of its parent process, so the whole tree goes.
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
    }

    private static async Task WaitReadyAsync(string url, string body, Process server, string name)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited) throw new InvalidOperationException($"{name} exited with code {server.ExitCode} before it answered {url}.");
            try
            {
                using var response = await client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK) return;
                throw new InvalidOperationException($"{name} answered {(int)response.StatusCode} to the benchmark's body at {url}: {text}");
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{name} did not answer {url} within 2 minutes.");
    }

    /// <summary>Fails unless /metrics answers, so the numbers are never taken with it switched off.</summary>
    private static async Task CheckMetricsAsync(int port)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var response = await client.GetAsync($"http://127.0.0.1:{port}/metrics");
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"mlcycle serve's /metrics answered {(int)response.StatusCode}; the benchmark measures with it on.");
    }

    private static async Task<WrkResult> WrkAsync(string url, string script, int concurrency, TimeSpan duration)
    {
        var threads = Math.Min(concurrency, 2).ToString(CultureInfo.InvariantCulture);
        var info = new ProcessStartInfo("wrk", ["-t", threads, "-c", concurrency.ToString(CultureInfo.InvariantCulture),
            "-d", $"{duration.TotalSeconds:0}s", "--latency", "-s", script, url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output;
        if (process.ExitCode != 0) throw new InvalidOperationException($"wrk exited {process.ExitCode} against {url}:\n{text}\n{await errors}");
        // A server answering errors fast would look good; wrk counts them, and any at all spoils the cell.
        if (text.Contains("Non-2xx", StringComparison.Ordinal) || text.Contains("Socket errors", StringComparison.Ordinal))
            throw new InvalidOperationException($"wrk saw errors against {url}:\n{text}");
        return new WrkResult(
            long.Parse(Regex.Match(text, @"(\d+) requests in").Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(Regex.Match(text, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture),
            Milliseconds(text, "50%"),
            Milliseconds(text, "99%"));
    }

    /// <summary>A percentile from wrk's latency distribution ("99%    1.23ms"), in milliseconds whatever unit wrk chose.</summary>
    private static double Milliseconds(string wrkOutput, string percentile)
    {
        var match = Regex.Match(wrkOutput, $@"^\s*{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline);
        if (!match.Success) throw new InvalidOperationException($"wrk's output has no {percentile} latency line:\n{wrkOutput}");
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "ms" => value, "s" => value * 1000, _ => value * 60_000 };
    }

    /// <summary>The first telco row as MLCycle's predict body, the target left out; both servers get exactly these bytes.</summary>
    private static string Body(string csv)
    {
        var lines = File.ReadLines(csv).Take(2).Select(l => l.Split(',')).ToList();
        var (header, row) = (lines[0], lines[1]);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("rows");
            writer.WriteStartObject();
            for (var c = 0; c < header.Length; c++)
            {
                if (header[c] == "churn") continue;
                if (double.TryParse(row[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) writer.WriteNumber(header[c], number);
                else writer.WriteString(header[c], row[c]);
            }
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // Both listeners are open at once, so the two ports differ.
    private static (int, int) TwoFreePorts()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private sealed record WrkResult(long Requests, double PerSecond, double P50, double P99);
}
