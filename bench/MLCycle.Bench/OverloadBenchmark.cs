using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MLCycle.Cli;
using MLCycle.Pipelines;
using MLCycle.Storage;

namespace MLCycle.Bench;

/// <summary>
/// Ten times more than the server can score: 128 clients each sending 10,000-row predict requests back to back for 15 s, and one
/// client probing with single-row requests, measured after 10 s of the same load that warm the server up, against `mlcycle serve`
/// in a process of its own (so its peak resident memory, VmHWM, is the server's alone). Run once with admission control off (limits at int.MaxValue: what the server did before it) and once
/// per admission setting asked for (the run with admission off is left out with `--no-off`).
/// </summary>
public static class OverloadBenchmark
{
    public const string ChildVerb = "overload-server";
    private const int DefaultRows = 10_000;
    private const int DefaultClients = 128;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(10);

    /// <summary>Settings are "CONCURRENCY/ROWS" pairs, optionally "/LATENCY_MS" (the queue latency objective; 0 is off) and then
    /// "/BACKLOG_PERCENT" (the prediction log's backlog past which large requests are refused; 100 is off), or "default"
    /// for the serve defaults; refused clients wait Retry-After unless <paramref name="backoff"/> is false. The clients run at nice
    /// <paramref name="clientsNice"/> and the server at nice 0 (a real server's clients are other machines; here they share its two
    /// cores, and at equal priority they took about half the CPU the server needed). At 19 (the default) the clients wait for the
    /// server's cores, and their own scheduling delay is in what they measure; below 0 (as root) they run as soon as they have work,
    /// as clients on other machines would, while their CPU is still taken from the server's two cores. The probe sends its next request as soon as it has
    /// the answer, unless <paramref name="probeEvery"/> paces it (a request started every that long; one late starts the next at once).
    /// <paramref name="clients"/> other than 128 measures something else than the overload: with 1, what one large request costs through
    /// the whole server when nothing waits beside it. <paramref name="rows"/> sets the large requests' size (10,000 unless asked): a
    /// request of more than 64 KB is large to admission whatever its rows (<see cref="Server.Admission.AdmissionControl.SmallBody"/>).</summary>
    public static async Task MeasureAsync(string work, IReadOnlyList<string> settings, bool backoff, int clientsNice = 19, TimeSpan? measured = null, bool withOff = true,
        TimeSpan probeEvery = default, int clients = DefaultClients, int rows = DefaultRows)
    {
        // The measured window (15 s unless asked): longer windows give a steadier p99 from more admitted requests.
        var duration = measured ?? TimeSpan.FromSeconds(15);
        var (store, data) = await TrainAsync(work);
        NiceValues.SetForThisProcess(clientsNice);
        var big = Body(data, rows);
        var probe = Body(data, 1);
        var runs = new List<(string Setting, OverloadOutcome Outcome)>();
        foreach (var setting in (withOff ? new[] { "off" } : []).Concat(settings.Count > 0 ? settings : ["default"]))
        {
            var flags = setting switch
            {
                "off" => new[] { "--max-concurrency", int.MaxValue.ToString(CultureInfo.InvariantCulture), "--max-queued-rows", int.MaxValue.ToString(CultureInfo.InvariantCulture) },
                "default" => [],
                _ => ["--max-concurrency", setting.Split('/')[0], "--max-queued-rows", setting.Split('/')[1],
                    .. setting.Split('/').Length > 2 ? new[] { "--max-queue-latency", setting.Split('/')[2] } : [],
                    .. setting.Split('/').Length > 3 ? new[] { "--max-log-backlog", setting.Split('/')[3] } : []],
            };
            if (setting == "off") flags = [.. flags, "--max-queue-latency", "0", "--max-log-backlog", "100"];
            Console.Error.WriteLine($"overload: admission {setting} ...");
            runs.Add((setting, await RunAsync(store, flags, big, probe, backoff, clientsNice, duration, probeEvery, clients)));
        }

        OverloadReport.Print(runs, new OverloadReport.Setup(clients, rows, big.Length, duration, Warmup, probeEvery, backoff, clientsNice, LoadAverage()));
    }

    /// <summary>The child's side: `mlcycle serve` in this process.</summary>
    public static Task<int> ChildAsync(string[] args)
    {
        // MLCYCLE_BENCH_GC_TALLY=FILE: the server's collections, pauses and large allocations written to FILE every second.
        if (Environment.GetEnvironmentVariable("MLCYCLE_BENCH_GC_TALLY") is { Length: > 0 } tally) GcTally.StartWriting(tally);
        if (Environment.GetEnvironmentVariable(ServerSideTiming.FileVariable) is { Length: > 0 } times) ServerSideTiming.StartWriting(times);
        return CliApp.RunAsync(["serve", .. args]);
    }

    private static async Task<OverloadOutcome> RunAsync(string store, string[] flags, byte[] big, byte[] probe, bool backoff, int clientsNice, TimeSpan duration, TimeSpan probeEvery, int clients)
    {
        var port = FreePort();
        var self = Environment.ProcessPath!;
        // The server back at nice 0 (this process runs at the clients' nice; raising it back needs root, else nice warns and runs it as is).
        var info = new ProcessStartInfo("nice") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-n");
        info.ArgumentList.Add((-clientsNice).ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(self);
        // Started as `dotnet MLCycle.Bench.dll` the process path is the host, which needs the assembly named again.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(OverloadBenchmark).Assembly.Location);
        foreach (var arg in new[] { ChildVerb, "--store", store, "--port", port.ToString(CultureInfo.InvariantCulture) }.Concat(flags)) info.ArgumentList.Add(arg);
        // Each request's time inside the server (ServerSideTiming), beside the clients' view.
        var times = Path.Combine(Path.GetDirectoryName(store)!, $"server-times-{port}.txt");
        info.Environment[ServerSideTiming.FileVariable] = times;
        using var server = Process.Start(info)!;
        _ = server.StandardOutput.ReadToEndAsync();
        _ = server.StandardError.ReadToEndAsync();
        try
        {
            var address = new Uri($"http://127.0.0.1:{port}");
            using var bigClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, UseProxy = false }) { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
            using var probeClient = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
            await WaitReadyAsync(probeClient);
            // What the server really runs at: `nice` only warns when it cannot raise it back.
            var serverNice = NiceValues.Of(server.Id);
            for (var i = 0; i < 200; i++) await SendAsync(probeClient, probe, CancellationToken.None);
            for (var i = 0; i < 3; i++) await SendAsync(bigClient, big, CancellationToken.None);

            var outcome = new OverloadOutcome { ServerNice = serverNice };
            // The same load runs for the warm-up and then the measured window without a pause; only requests sent in the window count,
            // and the server's CPU is read at its start and end, so the runtime's tier-1 compiling of the big request's path (which
            // took 30% of a core in the first seconds) and the clients' first connections fall in the warm-up.
            var window = Stopwatch.GetTimestamp() + (long)(Warmup.TotalSeconds * Stopwatch.Frequency);
            var windowUnix = DateTimeOffset.UtcNow.Add(Warmup).ToUnixTimeMilliseconds();
            double serverCpu = 0;
            var clientCpu = TimeSpan.Zero;
            var measuring = Task.Run(async () =>
            {
                await Task.Delay(Warmup);
                serverCpu = ProcStat.CpuSeconds(server.Id);
                clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
            });
            using var stop = new CancellationTokenSource(Warmup + duration);
            var bigLoad = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var start = Stopwatch.GetTimestamp();
                    var counted = start >= window;
                    HttpStatusCode status;
                    TimedPost.Parts parts;
                    try
                    {
                        if (counted) Interlocked.Increment(ref outcome.BigSent);
                        (status, parts) = await TimedPost.SendAsync(bigClient, "/v1/models/bench-lightgbm/predict", big, stop.Token);
                    }
                    catch (Exception e) when (e is OperationCanceledException or HttpRequestException)
                    {
                        if (counted) Interlocked.Increment(ref outcome.Unfinished);
                        return;
                    }
                    var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (counted && status == HttpStatusCode.RequestTimeout) Interlocked.Increment(ref outcome.BigCut);
                    else if (counted)
                    {
                        lock (outcome)
                        {
                            (status == HttpStatusCode.OK ? outcome.BigOk : outcome.BigRefused).Add(ms);
                            if (status == HttpStatusCode.OK) outcome.BigParts.Add(parts);
                        }
                    }
                    if (status != HttpStatusCode.OK && backoff)
                    {
                        // The wait the server asked for (it had been taken as 1 s whatever the header said); 1 s without one (408).
                        try { await Task.Delay(parts.RetryAfter ?? TimeSpan.FromSeconds(1), stop.Token); }
                        catch (OperationCanceledException) { return; }
                    }
                }
            })).ToList();
            var probeLoad = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var start = Stopwatch.GetTimestamp();
                    try
                    {
                        var status = await SendAsync(probeClient, probe, stop.Token);
                        if (start >= window && status == HttpStatusCode.OK) outcome.ProbeOk.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                        else if (start >= window) outcome.ProbeRefused++;
                        if (probeEvery - Stopwatch.GetElapsedTime(start) is { Ticks: > 0 } rest) await Task.Delay(rest, stop.Token);
                    }
                    catch (Exception e) when (e is OperationCanceledException or HttpRequestException)
                    {
                        return;
                    }
                }
            });
            await Task.WhenAll(bigLoad.Append(probeLoad).Append(measuring));
            outcome.ServerCpuSeconds = ProcStat.CpuSeconds(server.Id) - serverCpu;
            outcome.ClientCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds;
            outcome.PeakRssKb = StatusKb(server.Id, "VmHWM:");
            // What the log could not keep up with: still queued when the window ended (memory) and dropped (lost, counted).
            var metrics = await probeClient.GetStringAsync("/metrics");
            outcome.LogQueued = (long)Gauge(metrics, "mlcycle_prediction_log_queue_depth");
            outcome.LogQueuedBytes = (long)Gauge(metrics, "mlcycle_prediction_log_queue_bytes");
            outcome.LogDropped = (long)Gauge(metrics, "mlcycle_prediction_log_dropped_rows_total");
            // The server writes its lines every second: wait for the window's last ones.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            ReadServerTimes(times, windowUnix, windowUnix + (long)duration.TotalMilliseconds, outcome);
            return outcome;
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, byte[] body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync("/v1/models/bench-lightgbm/predict", content, ct);
        await response.Content.ReadAsByteArrayAsync(ct);
        // 408: the server cut a body that arrived below its minimum rate (the clients run at nice 19 on a loaded machine).
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout))
            throw new InvalidOperationException($"predict answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return response.StatusCode;
    }

    internal static async Task WaitReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await client.GetAsync("/v2/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The server was not ready within 2 minutes.");
    }

    /// <summary>A store with the serving benchmark's LightGBM model (the 40,000-row synthetic churn data, 2-fold CV).</summary>
    internal static async Task<(string Store, string Data)> TrainAsync(string work)
    {
        var data = Path.Combine(work, "churn40k.csv");
        SyntheticData.WriteCsv(data, 40_000);
        var spec = Path.Combine(work, "lightgbm.yaml");
        await File.WriteAllTextAsync(spec, """
            name: bench-lightgbm
            data: { path: churn40k.csv, target: churned }
            train: { algorithms: [lightgbm, baseline], cv: 2 }
            """);
        var store = Path.Combine(work, "store");
        var input = await PipelinePreflight.CheckAsync(SpecLoader.Load(spec));
        await using (var opened = await MLCycleStore.OpenAsync(store))
            await new PipelineRunner(opened).RunAsync(input);
        return (store, data);
    }

    /// <summary>A v1 predict body of the first <paramref name="rows"/> rows of the data, the target left out.</summary>
    internal static byte[] Body(string data, int rows)
    {
        var lines = File.ReadLines(data).Take(rows + 1).Select(l => l.Split(',')).ToList();
        var header = lines[0];
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("rows");
            foreach (var line in lines.Skip(1))
            {
                writer.WriteStartObject();
                for (var c = 0; c < header.Length - 1; c++)
                {
                    if (line[c].Length == 0) writer.WriteNull(header[c]);
                    else if (double.TryParse(line[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) writer.WriteNumber(header[c], number);
                    else writer.WriteString(header[c], line[c]);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static long StatusKb(int pid, string field) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith(field, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static double Gauge(string scrape, string name) =>
        double.Parse(scrape.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..], CultureInfo.InvariantCulture);

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    // Requests started in the window and answered 200: large ones (past AdmissionControl.SmallBody) and the probe's.
    private static void ReadServerTimes(string path, long from, long to, OverloadOutcome outcome)
    {
        foreach (var t in ServerSideTiming.Read(path, from, to))
        {
            if (t.ContentLength > Server.Admission.AdmissionControl.SmallBody) outcome.ServerBig.Add((t.Headers, t.Written, t.Done, t.BodyIn));
            else outcome.ServerProbe.Add((t.Headers, t.Written, t.Done));
        }
    }
}
