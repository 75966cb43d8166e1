using System.Net;
using MLCycle.Server.Tests;

namespace MLCycle.Client.Tests;

/// <summary>What `run --server` needs of the client to publish a run recorded elsewhere: metric values with the times they were
/// measured, and ending a run it does not hold by id (one whose client died). A real server on loopback over SQLite.</summary>
public sealed class RecordedRunClientTests : IAsyncLifetime
{
    private AccessServer server = null!;

    public async Task InitializeAsync() => server = await AccessServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private MLCycleClient ClientAs(string user) => new(server.Client.BaseAddress!, server.Tokens[user]);

    [Fact]
    public async Task LogMetric_withTheTimeItWasMeasured_serverKeepsThatTimeForEachStep()
    {
        using var client = ClientAs("editor");
        var measured = DateTimeOffset.UtcNow.AddHours(-3);
        var times = Enumerable.Range(0, 5).Select(i => measured.AddSeconds(i * 7.5)).ToList();
        string runId;
        await using (var run = await client.StartRunAsync("churn-exp"))
        {
            runId = run.RunId;
            for (var step = 0; step < times.Count; step++) run.LogMetric("loss", 1.0 / (step + 1), step, times[step]);
            await run.FlushAsync();
        }

        var history = await server.Store.Tracking.GetMetricHistoryAsync(runId, "loss");

        Assert.Equal(times.Select(t => t.ToUnixTimeMilliseconds()), history.Select(m => m.Timestamp.ToUnixTimeMilliseconds()));
        Assert.Equal(Enumerable.Range(0, 5).Select(s => (long)s), history.Select(m => m.Step));
    }

    [Fact]
    public async Task LogMetric_timeBefore1970_isRefusedBeforeAnythingIsSent()
    {
        using var client = ClientAs("editor");
        await using var run = await client.StartRunAsync("churn-exp");

        Assert.Throws<ArgumentOutOfRangeException>(() => run.LogMetric("loss", 0.5, 0, new DateTimeOffset(1969, 12, 31, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task EndRunAsync_byIdAsKilled_keepsTheReason_andASecondEndIs409()
    {
        using var client = ClientAs("editor");
        var started = await client.StartRunAsync("churn-exp");

        var ended = await client.EndRunAsync(started.RunId, RunStatus.Killed, "its client died");
        var again = await Assert.ThrowsAsync<MLCycleApiException>(() => client.EndRunAsync(started.RunId, RunStatus.Finished, null));

        Assert.Equal((RunStatus.Killed, "its client died"), (ended.Status, ended.Error));
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal(RunStatus.Killed, (await client.GetRunAsync(started.RunId)).Status);
    }
}
