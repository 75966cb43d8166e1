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
/// had queued (19,000 of 25,000 answered rows in one attack) and exited 143.
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
        var spec = PenguinsSpec.Write(folder, "");
        var store = Path.Combine(folder, "store");
        var trained = await Cli.RunAsync("run", spec, "--store", store, "--json");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        var port = PenguinsServing.FreePort();
        using var serve = CliProcess.Start("serve", "--store", store, "--port", port.ToString(CultureInfo.InvariantCulture));
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await PenguinsServing.WaitUntilUpAsync(client, serve);
            var answeredBefore = await client.PostAsync("/v1/models/penguins/predict", new StringContent(Body(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, answeredBefore.StatusCode);

            // The next request's headers and half its body, then the signal, then the rest after the library's two seconds.
            var body = Encoding.UTF8.GetBytes(Body());
            using var raw = new TcpClient();
            await raw.ConnectAsync(IPAddress.Loopback, port);
            var stream = raw.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"POST /v1/models/penguins/predict HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n")));
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await Task.Delay(300);
            Signal(serve, 15);
            await Task.Delay(Slow);
            if (serve.HasExited) Assert.Fail($"mlcycle serve exited ({serve.ExitCode}) with a request still arriving");
            await stream.WriteAsync(body.AsMemory(body.Length / 2));
            using var reader = new StreamReader(stream, Encoding.UTF8);
            Assert.Equal("HTTP/1.1 200 OK", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));

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

    public void Dispose() => Directory.Delete(folder, recursive: true);

    // Process has no way to send a signal other than SIGKILL.
    private static void Signal(Process process, int signal)
    {
        Assert.Equal(0, Kill(process.Id, signal));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static string Body() => PenguinsServing.Body(Rows);
}
