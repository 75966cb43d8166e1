using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Server.Admission;

namespace MLCycle.Server.Tests;

/// <summary>A large request refused while its body still arrives, on a real Kestrel: the client gets its 429 with Retry-After whether
/// it reads as it sends (HttpClient) or only after writing the whole body (a bare socket), and the connection stays open for the
/// next request, because the server reads the unread body to its end rather than cut the connection (docs/adr/0059).</summary>
[Collection(ServerCollection.Name)]
public sealed class LargeRefusalTests(ServerFixture fixture)
{
    private const string Customer = """{"tenure":2,"monthly_charges":95.5,"contract":"Month-to-month","internet_service":"Fiber optic"}""";

    // 10,000 rows and 1 MB of JSON whitespace after them: about 2 MB, twice what Kestrel reads ahead of the application.
    private static readonly byte[] Large = Encoding.UTF8.GetBytes(
        $"{{\"rows\":[{string.Join(',', Enumerable.Repeat(Customer, 10_000))}]}}{new string(' ', 1024 * 1024)}");

    private static readonly byte[] Small = Encoding.UTF8.GetBytes($"{{\"rows\":[{Customer}]}}");

    [Theory]
    [InlineData("concurrency")]
    [InlineData("queued_rows")]
    public async Task Predict_largeBodyRefused_socketSendingItWhole_gets429AndKeepsTheConnection(string reason)
    {
        await using var server = await StartAsync(reason);
        using var held = Hold(server, reason);
        using var socket = await ConnectAsync(server);

        var (status, headers) = await PostAsync(socket, Large);

        Assert.Equal(429, status);
        Assert.Equal("1", headers["Retry-After"]);
        Assert.False(headers.ContainsKey("Connection"), $"the refusal closes the connection: Connection: {headers.GetValueOrDefault("Connection")}");
        Assert.Equal(1, AdmissionServer.Rejected(await server.Client.GetStringAsync("/metrics"), reason));
        held.Dispose();
        await WaitFreeAsync(server);
        // The same connection serves the next request: the refused body was read to its end, not taken for a request line.
        var (next, _) = await PostAsync(socket, Small);
        Assert.Equal(200, next);
    }

    [Fact]
    public async Task Predict_largeBodyRefused_httpClient_gets429AndReusesTheConnection()
    {
        await using var server = await StartAsync("concurrency");
        var connects = 0;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                Interlocked.Increment(ref connects);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { BaseAddress = server.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var held = Hold(server, "concurrency");

        using var refused = await client.PostAsync("/v1/models/churn/predict", Json(Large));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        using (var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
            Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        held.Dispose();
        await WaitFreeAsync(server);
        using var answered = await client.PostAsync("/v1/models/churn/predict", Json(Small));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(1, connects);
    }

    [Fact]
    public async Task Server_givesKestrelItsLargeBlockMemoryPool()
    {
        await using var app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = fixture.StoreDirectory, Urls = "http://127.0.0.1:0" });
        Assert.IsType<LargeBlockMemoryPool.Factory>(app.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
    }

    private Task<AdmissionServer> StartAsync(string reason) => AdmissionServer.StartAsync(fixture,
        reason == "concurrency" ? new AdmissionOptions { MaxConcurrency = 1 } : new AdmissionOptions { MaxQueuedRows = 20_000, MaxQueueLatency = TimeSpan.Zero });

    // Fills the server as an admitted request in flight would: its only slot, or 19,000 of its 20,000 rows (large requests may fill
    // 18,000; the whole budget would answer 413, never fits, instead of 429).
    private static AdmissionTicket Hold(AdmissionServer server, string reason)
    {
        var context = new DefaultHttpContext();
        var ticket = server.Admission.TryEnter(context)!;
        if (reason == "queued_rows") Assert.Null(server.Admission.ReserveRows(context, 19_000));
        return ticket;
    }

    private static async Task WaitFreeAsync(AdmissionServer server)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); server.Admission.InFlight != 0 && DateTime.UtcNow < deadline;) await Task.Delay(10);
        Assert.Equal(0, server.Admission.InFlight);
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static async Task<Socket> ConnectAsync(AdmissionServer server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Client.BaseAddress!.Port));
        return socket;
    }

    // Writes the whole request before reading anything, as a simple client does, then reads one answer (Content-Length or chunked).
    private static async Task<(int Status, Dictionary<string, string> Headers)> PostAsync(Socket socket, byte[] body)
    {
        var head = $"POST /v1/models/churn/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));
        await socket.SendAsync(body);
        using var cut = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = new List<byte>();
        var buffer = new byte[64 * 1024];
        int end;
        while ((end = IndexOf(received, "\r\n\r\n"u8)) < 0) received.AddRange(buffer.AsSpan(0, await ReceiveAsync(socket, buffer, cut.Token)));
        var lines = Encoding.ASCII.GetString([.. received.Take(end)]).Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var rest = received.Skip(end + 4).ToList();
        if (headers.TryGetValue("Content-Length", out var length))
        {
            while (rest.Count < int.Parse(length, CultureInfo.InvariantCulture)) rest.AddRange(buffer.AsSpan(0, await ReceiveAsync(socket, buffer, cut.Token)));
        }
        else
        {
            while (IndexOf(rest, "0\r\n\r\n"u8) < 0) rest.AddRange(buffer.AsSpan(0, await ReceiveAsync(socket, buffer, cut.Token)));
        }
        return (int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture), headers);
    }

    private static async Task<int> ReceiveAsync(Socket socket, byte[] buffer, CancellationToken ct)
    {
        var read = await socket.ReceiveAsync(buffer, ct);
        Assert.True(read > 0, "the server closed the connection before its answer was read whole");
        return read;
    }

    private static int IndexOf(List<byte> bytes, ReadOnlySpan<byte> value) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes).IndexOf(value);
}
