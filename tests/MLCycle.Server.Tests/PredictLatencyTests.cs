using System.Diagnostics;
using System.Net;
using System.Text;
using Xunit.Abstractions;

namespace MLCycle.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class PredictLatencyTests(ServerFixture server, ITestOutputHelper output)
{
    private const string Body = """{"rows":[{"tenure":2,"monthly_charges":95.5,"contract":"Month-to-month","internet_service":"Fiber optic"}]}""";

    [Fact]
    public Task Predict_oneRow_hasMedianLatencyUnderOneMillisecond() => AssertMedianUnderOneMillisecondAsync("churn@champion");

    [Fact]
    public Task Predict_oneRowOfAnMlpModel_hasMedianLatencyUnderOneMillisecond() => AssertMedianUnderOneMillisecondAsync("mlpchurn");

    private async Task AssertMedianUnderOneMillisecondAsync(string reference)
    {
        // The first requests load the model and warm the JIT; only the steady state counts.
        await MeasureAsync(reference, 100);
        // The other test assemblies run on the same 2 cores at the same time (the kill tests start whole runs), so a round
        // can be starved by them: up to three rounds are measured and the server must reach the target in one of them.
        var rounds = new List<(double Median, double P90)>();
        for (var round = 0; round < 3 && (rounds.Count == 0 || rounds[^1].Median > 1.0); round++)
        {
            var latencies = await MeasureAsync(reference, 300);
            latencies.Sort();
            rounds.Add((latencies[latencies.Count / 2], latencies[latencies.Count * 9 / 10]));
        }
        var measured = string.Join("; ", rounds.Select(r => $"median {r.Median:F3} ms, p90 {r.P90:F3} ms"));
        output.WriteLine($"{reference}: {measured}");

        Assert.True(rounds[^1].Median <= 1.0, $"median above 1 ms in every round: {measured} (client and server in one process)");
    }

    private async Task<List<double>> MeasureAsync(string reference, int requests)
    {
        var latencies = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            using var content = new StringContent(Body, Encoding.UTF8, "application/json");
            var clock = Stopwatch.StartNew();
            using var response = await server.Client.PostAsync($"/v1/models/{reference}/predict", content);
            await response.Content.ReadAsByteArrayAsync();
            clock.Stop();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        return latencies;
    }
}
