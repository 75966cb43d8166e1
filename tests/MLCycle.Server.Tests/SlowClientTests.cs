using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Server.Admission;

namespace MLCycle.Server.Tests;

/// <summary>A client that sends its body slowly (slowloris) must not keep an API or prediction slot: past the minimum body rate the server cuts the
/// request and the slot is free again, where Kestrel's own floor of 240 bytes/s would let a 4 MB body hold it for hours.</summary>
[Collection(ServerCollection.Name)]
public sealed class SlowClientTests(ServerFixture fixture)
{
    [Fact]
    public async Task LogBatch_bodyTrickledBelowTheMinimumRate_isCutAndItsSlotFreedWithinSeconds()
    {
        await using var server = await AdmissionServer.StartAsync(fixture, new AdmissionOptions { MaxApiConcurrency = 4, MinBodyBytesPerSecond = 8 * 1024 });
        var api = server.App.Services.GetRequiredService<ApiAdmission>();
        var run = (await fixture.Store.Tracking.CreateClientRunAsync("slow-clients")).RunId;

        await AssertTrickledBodyIsCutAsync(server, $"/api/v1/runs/{run}/log-batch", "{\"params\":[", "{\"key\":\"k\",\"value\":\"v\"},", () => api.InFlight);
    }

    [Fact]
    public async Task Predict_bodyTrickledBelowTheMinimumRate_isCutAndItsSlotFreedWithinSeconds()
    {
        await using var server = await AdmissionServer.StartAsync(fixture, new AdmissionOptions { MaxConcurrency = 4, MinBodyBytesPerSecond = 8 * 1024 });

        await AssertTrickledBodyIsCutAsync(server, "/v1/models/churn/predict", "{\"rows\":[", "{\"tenure\":1,\"contract\":\"Month-to-month\"},", () => server.Admission.InFlight);
    }

    // A large body announced, then 1 KB/s: four times Kestrel's floor, an eighth of the server's minimum.
    private async Task AssertTrickledBodyIsCutAsync(AdmissionServer server, string path, string opening, string item, Func<int> inFlight)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Client.BaseAddress!.Host, server.Client.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {server.Client.BaseAddress.Authority}\r\nAuthorization: Bearer {fixture.EditorToken}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{opening}"));
        var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(item, 1000 / item.Length)));
        var clock = Stopwatch.StartNew();
        var heldAtSecondTwo = false;
        var cut = false;
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && !cut)
        {
            try
            {
                await stream.WriteAsync(chunk);
            }
            catch (IOException)
            {
                cut = true;
                break;
            }
            await Task.Delay(chunk.Length);
            if (clock.Elapsed > TimeSpan.FromSeconds(2) && !heldAtSecondTwo) heldAtSecondTwo = inFlight() == 1;
            cut = inFlight() == 0 && clock.Elapsed > TimeSpan.FromSeconds(2);
        }

        Assert.True(heldAtSecondTwo, "the trickled request was never admitted: the test did not attack anything");
        Assert.True(cut, $"the trickled request still held its slot after {clock.Elapsed.TotalSeconds:0} s");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the slot came free only after {clock.Elapsed.TotalSeconds:0} s");
        Assert.Equal(0, inFlight());
    }
}
