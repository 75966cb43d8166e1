using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Server.Admission;

namespace MLCycle.Server.Tests;

/// <summary>A request's log rows are built after its answer is sent (docs/adr/0067), from rows kept pooled until then: whatever the
/// client does with the answer, the rows are logged, given back, and the request's admission slot freed.</summary>
[Collection(ServerCollection.Name)]
public sealed class AfterResponseTests(ServerFixture fixture)
{
    private const int Rows = 5_000;

    [Theory]
    [InlineData("/v1/models/churn/predict")]
    [InlineData("/v2/models/churn/infer")]
    public async Task Predict_clientLeavesBeforeReadingTheAnswer_rowsAreStillLoggedAndTheSlotFreed(string path)
    {
        await using var server = await AdmissionServer.StartAsync(fixture, new AdmissionOptions());
        var body = path.StartsWith("/v1", StringComparison.Ordinal) ? V1Body() : V2Body();

        // A raw connection that sends a whole large request, reads the first bytes of the answer and resets the connection: the
        // server's writing of the rest fails, which is where a callback could be skipped.
        using (var client = new TcpClient())
        {
            client.LingerState = new LingerOption(true, 0);
            // A small window, so that most of the ~300 KB answer is still to be written when the connection is reset.
            client.ReceiveBufferSize = 4096;
            var address = server.Client.BaseAddress!;
            await client.ConnectAsync(address.Host, address.Port);
            var stream = client.GetStream();
            var head = string.Create(CultureInfo.InvariantCulture,
                $"POST {path} HTTP/1.1\r\nHost: {address.Host}:{address.Port}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(body);
            var first = new byte[12];
            await stream.ReadExactlyAsync(first);
            Assert.Equal("HTTP/1.1 200", Encoding.ASCII.GetString(first));
        }

        var log = server.Log;
        for (var wait = 0; wait < 200 && (server.Admission.InFlight > 0 || log.WrittenCount + log.QueuedCount < Rows); wait++) await Task.Delay(50);
        Assert.Equal((0, 0), (server.Admission.InFlight, server.Admission.QueuedRows));
        Assert.Equal((Rows, 0L), (log.WrittenCount + log.QueuedCount, log.DroppedCount));
        // The server goes on answering on other connections.
        var next = await server.Client.PostAsync(path, new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } });
        Assert.Equal(System.Net.HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Stop_rightAfterALargeAnswer_itsLogRowsAreQueuedBeforeTheWriterFlushes()
    {
        // The rows are built beside the connection's next request (ADR 0073), so the answer can be read before they are queued.
        var server = await AdmissionServer.StartAsync(fixture, new AdmissionOptions());
        var log = server.Log;
        var response = await server.Client.PostAsync("/v1/models/churn/predict", new ByteArrayContent(V1Body()) { Headers = { ContentType = new("application/json") } });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsByteArrayAsync();

        await server.DisposeAsync();

        Assert.Equal((Rows, 0L, 0L), (log.WrittenCount, log.DroppedCount, log.FailedCount));
    }

    [Fact]
    public async Task Dispose_withALogBuildStillRunning_waitsForItBeforeTheWriterCloses()
    {
        // The server's own LogRowBuilds, given a build held at a gate: disposing the server must wait for it, and the writer must
        // still take its row when it goes on (the order holds whatever resolves the services first).
        var server = await AdmissionServer.StartAsync(fixture, new AdmissionOptions());
        var writer = server.Log;
        var pending = new HeldLog(writer);
        server.App.Services.GetRequiredService<MLCycle.Server.Apis.LogRowBuilds>().WriteThenRelease(pending, new NoRows());
        Assert.True(pending.Started.Wait(TimeSpan.FromSeconds(10)));

        var disposing = server.DisposeAsync().AsTask();
        await Task.Delay(300);
        Assert.False(disposing.IsCompleted, "the server was disposed with a log build still running");
        pending.Gate.Set();
        await disposing.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(pending.Queued, "the writer was closed before the build queued its row");
        Assert.Equal((1L, 0L), (writer.WrittenCount, writer.DroppedCount));
    }

    private sealed class HeldLog(MLCycle.Monitoring.PredictionLogWriter writer) : MLCycle.Server.Apis.IPendingLog
    {
        public int Count => 10_000;
        public ManualResetEventSlim Started { get; } = new();
        public ManualResetEventSlim Gate { get; } = new();
        public bool Queued { get; private set; }

        public void CountLost() => throw new InvalidOperationException("the held build does not fail");

        public void Write()
        {
            Started.Set();
            Gate.Wait(TimeSpan.FromSeconds(30));
            Queued = writer.TryWrite(new MLCycle.Monitoring.PredictionLogEntry("after-response-held", 1, DateTimeOffset.UtcNow, "{}", "{}")
            {
                Id = Guid.CreateVersion7().ToString(),
            });
        }
    }

    private sealed class NoRows : IDisposable
    {
        public void Dispose()
        {
        }
    }

    private static byte[] V1Body() => JsonSerializer.SerializeToUtf8Bytes(new
    {
        rows = Enumerable.Range(0, Rows).Select(i => new { tenure = i % 72, monthly_charges = 20.5 + i % 90, contract = "Month-to-month", internet_service = "Fiber optic" }),
    });

    private static byte[] V2Body() => JsonSerializer.SerializeToUtf8Bytes(new
    {
        inputs = new object[]
        {
            new { name = "tenure", shape = new[] { Rows }, datatype = "FP64", data = Enumerable.Range(0, Rows).Select(i => (double)(i % 72)) },
            new { name = "monthly_charges", shape = new[] { Rows }, datatype = "FP64", data = Enumerable.Range(0, Rows).Select(i => 20.5 + i % 90) },
            new { name = "contract", shape = new[] { Rows }, datatype = "BYTES", data = Enumerable.Repeat("Month-to-month", Rows) },
            new { name = "internet_service", shape = new[] { Rows }, datatype = "BYTES", data = Enumerable.Repeat("Fiber optic", Rows) },
        },
    });
}
