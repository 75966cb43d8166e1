using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MLCycle.Storage;

namespace MLCycle.Cli.Tests.Faults;

/// <summary>
/// `mlcycle serve` stopped by SIGTERM (what a container runtime or systemd sends) drains: a request still arriving when the signal
/// comes is read, answered and logged, every row answered before it is in the store, and the process exits 0. The command-line
/// library used to end the process two seconds after the signal, whatever the server was doing: a loaded server lost the log rows it
/// had queued (19,000 of 25,000 answered rows in one attack) and exited 143. A second signal while it stops ends it at once
/// (ADR 0074).
/// </summary>
public sealed class ServeStopTests : IDisposable
{
    private const int Rows = 2_000;
    // Longer than the two seconds after which the command-line library ended the process.
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(4);
    private readonly string folder = Directory.CreateTempSubdirectory("mlcycle-serve-stop-").FullName;

    [Fact]
    public async Task Serve_sigtermWhileARequestIsArriving_answersAndLogsItThenExitsZero()
    {
        if (!OperatingSystem.IsLinux()) return;
        var (store, port, serve) = await StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var answeredBefore = await client.PostAsync("/v1/models/penguins/predict", new StringContent(Body(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, answeredBefore.StatusCode);

            await using var held = await HeldRequest.StartAsync(port, Body());
            Signal(serve, Sigterm);
            await Task.Delay(Slow);
            if (serve.HasExited) Assert.Fail($"mlcycle serve exited ({serve.ExitCode}) with a request still arriving");
            Assert.Equal("HTTP/1.1 200 OK", await held.FinishAsync());

            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await serve.WaitForExitAsync(exit.Token);
            Assert.Equal(0, serve.ExitCode);
            await using var opened = await MLCycleStore.OpenAsync(store);
            Assert.Equal(2 * Rows, (await opened.Predictions.ReadAsync("penguins", limit: int.MaxValue)).Count);
        }
        finally
        {
            if (!serve.HasExited) serve.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Serve_secondSigtermWhileStopping_endsItAtOnce()
    {
        if (!OperatingSystem.IsLinux()) return;
        var (_, port, serve) = await StartAsync();
        try
        {
            // A request that never finishes arriving holds the first stop in its drain (up to 30 s).
            await using var held = await HeldRequest.StartAsync(port, Body());
            Signal(serve, Sigterm);
            await Task.Delay(1_000);
            if (serve.HasExited) Assert.Fail($"mlcycle serve exited ({serve.ExitCode}) on the first signal with a request still arriving");

            Signal(serve, Sigterm);
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await serve.WaitForExitAsync(exit.Token);
            Assert.Equal(137, serve.ExitCode);
        }
        finally
        {
            if (!serve.HasExited) serve.Kill(entireProcessTree: true);
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private const int Sigterm = 15;

    // A penguins model trained into a store of the test's own, served by a real `mlcycle serve`.
    private async Task<(string Store, int Port, Process Serve)> StartAsync()
    {
        var spec = PenguinsSpec.Write(folder, "");
        var store = Path.Combine(folder, "store");
        var trained = await Cli.RunAsync("run", spec, "--store", store, "--json");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        var port = PenguinsServing.FreePort();
        var serve = CliProcess.Start("serve", "--store", store, "--port", port.ToString(CultureInfo.InvariantCulture));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await PenguinsServing.WaitUntilUpAsync(client, serve);
        return (store, port, serve);
    }

    // Process has no way to send a signal other than SIGKILL.
    private static void Signal(Process process, int signal)
    {
        Assert.Equal(0, Kill(process.Id, signal));
    }

    /// <summary>A predict request on a raw connection whose body stops half way: it is sent with <c>Expect: 100-continue</c>, so once
    /// the server answers "100 Continue" its handler is known to be reading the body.</summary>
    private sealed class HeldRequest(TcpClient connection, NetworkStream stream, StreamReader reader, byte[] body) : IAsyncDisposable
    {
        public static async Task<HeldRequest> StartAsync(int port, string json)
        {
            var body = Encoding.UTF8.GetBytes(json);
            var connection = new TcpClient();
            await connection.ConnectAsync(IPAddress.Loopback, port);
            var stream = connection.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"POST /v1/models/penguins/predict HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nExpect: 100-continue\r\n\r\n")));
            var reader = new StreamReader(stream, Encoding.ASCII);
            Assert.Equal("HTTP/1.1 100 Continue", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal("", await reader.ReadLineAsync());
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            return new HeldRequest(connection, stream, reader, body);
        }

        /// <summary>Sends the rest of the body and returns the answer's status line.</summary>
        public async Task<string?> FinishAsync()
        {
            await stream.WriteAsync(body.AsMemory(body.Length / 2));
            return await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        public ValueTask DisposeAsync()
        {
            reader.Dispose();
            connection.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static string Body() => PenguinsServing.Body(Rows);
}
