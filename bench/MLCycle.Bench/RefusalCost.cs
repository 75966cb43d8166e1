using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace MLCycle.Bench;

/// <summary>
/// What refusing a 10,000-row `/v1` predict request (1.2 MB body) costs the server, in CPU ms per refusal (utime + stime of the
/// server process, robust to a busy machine), beside what admitting one costs. A server (`mlcycle serve` in a process of its own)
/// is kept full by one admitted request whose body is held open, so that every other large request is refused: at the concurrency
/// limit before its body is read (`--max-concurrency 1`), or by the row budget after its first chunk (`--max-queued-rows 10000`).
/// The refused requests come from 8 clients, HttpClient (keep-alive pool) or a bare socket that writes every body whole.
/// </summary>
public static class RefusalCost
{
    public const string Verb = "refusal";
    private const string Path = "/v1/models/bench-lightgbm/predict";
    private const int Clients = 8;

    public static async Task MeasureAsync(string work, int count)
    {
        var (store, data) = await OverloadBenchmark.TrainAsync(work);
        var big = OverloadBenchmark.Body(data, 10_000);
        var rows = new List<string>();
        foreach (var (mode, flags) in new (string, string[])[]
        {
            ("concurrency (before the body)", ["--max-concurrency", "1"]),
            ("row budget (after the first chunk)", ["--max-concurrency", "64", "--max-queued-rows", "10000", "--max-queue-latency", "0"]),
        })
        {
            Console.Error.WriteLine($"refusal: {mode} ...");
            rows.AddRange(await ServerAsync(store, flags, mode, big, count));
        }
        Console.WriteLine();
        Console.WriteLine($"## Refusing a {big.Length / 1024.0 / 1024.0:0.0} MB request: the server's and the clients' CPU per request ({count:N0} refusals per row after {count / 4:N0} to warm up, " +
            $"{Clients} clients; {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        Console.WriteLine("| refused at | client | requests | 429 | other status | no answer | send cut | connections opened | server CPU ms per request | clients' CPU ms per request | wall s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows) Console.WriteLine(row);
    }

    private static async Task<List<string>> ServerAsync(string store, string[] flags, string mode, byte[] big, int count)
    {
        var port = OverloadBenchmark.FreePort();
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (System.IO.Path.GetFileNameWithoutExtension(info.FileName) == "dotnet") info.ArgumentList.Add(typeof(RefusalCost).Assembly.Location);
        foreach (var arg in new[] { OverloadBenchmark.ChildVerb, "--store", store, "--port", port.ToString(CultureInfo.InvariantCulture) }.Concat(flags)) info.ArgumentList.Add(arg);
        using var server = Process.Start(info)!;
        _ = server.StandardOutput.ReadToEndAsync();
        _ = server.StandardError.ReadToEndAsync();
        var rows = new List<string>();
        try
        {
            var connects = 0;
            using var http = new HttpClient(new SocketsHttpHandler
            {
                UseProxy = false,
                ConnectCallback = async (context, ct) =>
                {
                    Interlocked.Increment(ref connects);
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
            await OverloadBenchmark.WaitReadyAsync(http);
            // Admitted, one at a time: the reference cost, and the big request's path warmed before anything is measured.
            for (var i = 0; i < 5; i++) await SendAsync(http, big);
            var before = ProcStat.CpuSeconds(server.Id);
            var clientsBefore = ClientsCpu();
            var admitted = Stopwatch.StartNew();
            var ok = 0;
            for (var i = 0; i < 20; i++) ok += await SendAsync(http, big) == 200 ? 1 : 0;
            rows.Add($"| (admitted, one at a time) | HttpClient | 20 | 0 | {20 - ok} | 0 | 0 | - | {(ProcStat.CpuSeconds(server.Id) - before) * 1000 / 20:0.0} | {(ClientsCpu() - clientsBefore) * 1000 / 20:0.0} | {admitted.Elapsed.TotalSeconds:0.0} |");

            foreach (var client in new[] { "HttpClient", "socket" })
            {
                using var holder = await Holder.OpenAsync(port, big);
                var tally = new Tally();
                await RefuseAsync(client, http, port, big, count / 4, tally);
                if (tally.Refused == 0) throw new InvalidOperationException($"{mode}: nothing was refused while the holder held the server ({tally})");
                tally = new Tally();
                var connectsBefore = Volatile.Read(ref connects);
                var cpu = ProcStat.CpuSeconds(server.Id);
                var clientsCpu = ClientsCpu();
                var wall = Stopwatch.StartNew();
                await RefuseAsync(client, http, port, big, count, tally);
                var ms = (ProcStat.CpuSeconds(server.Id) - cpu) * 1000 / count;
                var clientsMs = (ClientsCpu() - clientsCpu) * 1000 / count;
                var opened = client == "HttpClient" ? Volatile.Read(ref connects) - connectsBefore : tally.Connects;
                rows.Add($"| {mode} | {client} | {count:N0} | {tally.Refused:N0} | {tally.Other:N0} | {tally.NoAnswer:N0} | {tally.SendCut:N0} | {opened:N0} | {ms:0.00} | {clientsMs:0.00} | {wall.Elapsed.TotalSeconds:0.0} |");
            }
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
        return rows;
    }

    private static async Task RefuseAsync(string client, HttpClient http, int port, byte[] big, int count, Tally tally)
    {
        var left = count;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            using var raw = new RawPost(port);
            while (Interlocked.Decrement(ref left) >= 0)
            {
                if (client == "HttpClient")
                {
                    try
                    {
                        tally.Add(await SendAsync(http, big), sendCut: false);
                    }
                    catch (HttpRequestException)
                    {
                        tally.Add(0, sendCut: false);
                    }
                }
                else
                {
                    var (status, cut) = await raw.PostAsync(Path, big, CancellationToken.None);
                    tally.Add(status, cut);
                }
            }
            Interlocked.Add(ref tally.Connects, raw.Connects);
        })));
    }

    private static async Task<int> SendAsync(HttpClient client, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(Path, content);
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    private sealed class Tally
    {
        public int Refused;
        public int Other;
        public int NoAnswer;
        public int SendCut;
        public int Connects;

        public void Add(int status, bool sendCut)
        {
            if (status == 429) Interlocked.Increment(ref Refused);
            else if (status == 0) Interlocked.Increment(ref NoAnswer);
            else if (Interlocked.Increment(ref Other) == 1) Console.Error.WriteLine($"refusal: answered {status}");
            if (sendCut) Interlocked.Increment(ref SendCut);
        }

        public override string ToString() => $"429 {Refused}, other {Other}, no answer {NoAnswer}";
    }

    /// <summary>One admitted request that holds its slot and rows: it sends a whole 10,000-row body, then JSON whitespace (which the
    /// body may end with) at 256 KB/s, well above the server's minimum body rate, until disposed.</summary>
    private sealed class Holder : IDisposable
    {
        private const int Padding = 24 * 1024 * 1024;
        private readonly Socket socket;
        private readonly CancellationTokenSource stop = new();
        private readonly Task trickle;

        private Holder(Socket socket)
        {
            this.socket = socket;
            trickle = Task.Run(async () =>
            {
                var spaces = new byte[64 * 1024];
                spaces.AsSpan().Fill((byte)' ');
                try
                {
                    for (var sent = 0; sent + spaces.Length < Padding && !stop.IsCancellationRequested; sent += spaces.Length)
                    {
                        await socket.SendAsync(spaces, stop.Token);
                        await Task.Delay(250, stop.Token);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException)
                {
                    // Disposed.
                }
            });
        }

        public static async Task<Holder> OpenAsync(int port, byte[] big)
        {
            // The last holder's slot is given back once the server sees its connection closed; until then a new one is refused.
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var socket = await TryOpenAsync(port, big);
                if (socket is not null) return new Holder(socket);
            }
            throw new InvalidOperationException("The server refused every holder request.");
        }

        private static async Task<Socket?> TryOpenAsync(int port, byte[] big)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            await socket.SendAsync(Encoding.ASCII.GetBytes($"POST {Path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n" +
                $"Content-Length: {(big.Length + Padding).ToString(CultureInfo.InvariantCulture)}\r\n\r\n"));
            await socket.SendAsync(big);
            // Its rows are reserved as the server reads them; an answer already means it was refused.
            await Task.Delay(500);
            if (socket.Available == 0) return socket;
            socket.Dispose();
            return null;
        }

        public void Dispose()
        {
            stop.Cancel();
            trickle.Wait();
            socket.Dispose();
            stop.Dispose();
        }
    }

    // The clients are this process: what sending the refused bodies (and the holder's) costs them.
    private static double ClientsCpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
