using System.Net;
using System.Text;
using System.Text.Json;
using MLCycle.Server.Tests;
using TrackingRun = MLCycle.Tracking.Run;

namespace MLCycle.Client.Tests;

/// <summary>Run leases end to end (ADR 0055), against a real server on loopback over SQLite with a lease of a second or two: a client
/// cut off from the server (as if its process died) has its run and trial ended Killed by the server, and once it can reach the
/// server again it is told why; an open <see cref="ActiveRun"/> outlives several leases on its heartbeats alone; a client that sends
/// no heartbeat but keeps writing is kept alive by its writes, and one that goes quiet is ended.</summary>
public sealed class RunLeaseClientTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ClientCutOff_serverEndsItsRunAndTrialKilled_andTheClientBackOnlineIsTold409()
    {
        // 3 s, as the other tests that keep a run alive until a point: with 1 s the run lapsed before its first flush once, its
        // heartbeats held back on a machine running three test suites at once (CI at 6540742).
        await using var server = await AccessServer.StartAsync(runLease: TimeSpan.FromSeconds(3));
        using var cut = new CuttableHandler();
        using var client = new MLCycleClient(server.Client.BaseAddress!, server.Tokens["editor"], new HttpClient(cut));
        var run = client.StartRun("churn-exp", "cut off");
        var trial = client.StartRun("churn-exp", "trial", new Dictionary<string, string> { ["mlflow.parentRunId"] = run.RunId });
        run.LogMetric("auc", 0.5);
        run.Flush();

        cut.Cut = true;
        var ended = await WaitForAsync(server, run.RunId, r => r.Status != RunStatus.Running);
        var endedTrial = await ReadAsync(server, trial.RunId);

        Assert.Equal(RunStatus.Killed, ended.Status);
        Assert.StartsWith(TrackingRun.LapsedErrorPrefix, ended.Error);
        Assert.Equal(0.5, ended.Metrics["auc"].Value);
        Assert.Equal(RunStatus.Killed, endedTrial.Status);
        // Its own lease lapsed too: whichever lapsed first, the trial is ended for want of a heartbeat (by the parent's end, the
        // error names the parent; the store contract checks that case on its own).
        Assert.Contains(TrackingRun.LapsedErrorPrefix, endedTrial.Error);
        var lapses = (await server.Store.Audit.ReadAsync()).Where(e => e.Action == TrackingRun.LapseAction).ToList();
        Assert.Equal(new[] { run.RunId, trial.RunId }.Order(StringComparer.Ordinal), lapses.Select(e => e.Target!).Order(StringComparer.Ordinal));
        Assert.All(lapses, e => Assert.StartsWith("server:", e.Actor));

        // Back online: its next heartbeat is refused, and the run says so at the next call instead of logging into a Killed run.
        cut.Cut = false;
        var refused = await RefusalAsync(run);
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains(TrackingRun.LapsedErrorPrefix, refused.Detail);
        Assert.Contains(run.RunId, refused.Detail);
        Assert.Contains(TrackingRun.LapsedErrorPrefix, (await RefusalAsync(trial)).Detail);
        // Told once: the run counts as ended, so Dispose neither throws again nor tries to end it.
        run.Dispose();
        trial.Dispose();
        Assert.Equal(RunStatus.Killed, (await ReadAsync(server, run.RunId)).Status);
    }

    [Fact]
    public async Task LapsedRun_refusesLogBatchHeartbeatAndEnd_with409NamingWhy_andKeepsItsValues()
    {
        await using var server = await AccessServer.StartAsync(runLease: TimeSpan.FromSeconds(1));
        var runId = await CreateRawAsync(server);
        await WaitForAsync(server, runId, r => r.Status != RunStatus.Running);

        using var batch = await PostAsync(server, $"/api/v1/runs/{runId}/log-batch", """{"metrics":[{"key":"late","value":1}]}""");
        using var beat = await PostAsync(server, $"/api/v1/runs/{runId}/heartbeat", null);
        using var end = await PostAsync(server, $"/api/v1/runs/{runId}/end", """{"status":"Finished"}""");

        foreach (var response in new[] { batch, beat, end })
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(TrackingRun.LapsedErrorPrefix, await response.Content.ReadAsStringAsync());
        }
        var read = await ReadAsync(server, runId);
        Assert.Equal(RunStatus.Killed, read.Status);
        Assert.False(read.Metrics.ContainsKey("late"));
    }

    [Fact]
    public async Task OpenActiveRun_outlivesFourLeasesOnItsHeartbeats_andEndsFinished()
    {
        // Beats a second apart: a busy machine may delay one, not three in a row.
        var lease = TimeSpan.FromSeconds(3);
        await using var server = await AccessServer.StartAsync(runLease: lease);
        using var client = new MLCycleClient(server.Client.BaseAddress!, server.Tokens["editor"]);
        var audited = (await server.Store.Audit.ReadAsync()).Count;
        string runId;
        DateTimeOffset started;
        await using (var run = await client.StartRunAsync("churn-exp", "long training"))
        {
            runId = run.RunId;
            started = (await client.GetRunAsync(runId)).LastHeartbeat!.Value;
            await Task.Delay(4 * lease);
            var open = await client.GetRunAsync(runId);

            Assert.Equal(RunStatus.Running, open.Status);
            Assert.True(open.LastHeartbeat > started + lease, $"last heartbeat {open.LastHeartbeat:O}, run created {started:O}");
            Assert.Equal(open.LastHeartbeat + lease, open.LeaseExpires);
        }

        Assert.Equal(RunStatus.Finished, (await client.GetRunAsync(runId)).Status);
        // Beats are not audited: the trail holds the create and the end, not one line per beat.
        var actions = (await server.Store.Audit.ReadAsync()).Select(e => e.Action).ToList();
        Assert.Equal(audited + 2, actions.Count);
        Assert.DoesNotContain(actions, a => a.Contains("heartbeat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClientWithoutHeartbeats_keptAliveByItsWrites_whileAQuietOneIsEnded()
    {
        var lease = TimeSpan.FromSeconds(4);
        await using var server = await AccessServer.StartAsync(runLease: lease);
        var writing = await CreateRawAsync(server);
        var quiet = await CreateRawAsync(server);

        // A batch a quarter lease apart for three leases; the quiet run's lease lapses meanwhile.
        for (var until = DateTime.UtcNow + 3 * lease; DateTime.UtcNow < until; await Task.Delay(lease / 4))
        {
            using var response = await PostAsync(server, $"/api/v1/runs/{writing}/log-batch", """{"metrics":[{"key":"loss","value":0.5}]}""");
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        var ended = await WaitForAsync(server, quiet, r => r.Status != RunStatus.Running);

        Assert.Equal(RunStatus.Killed, ended.Status);
        Assert.Equal(RunStatus.Running, (await ReadAsync(server, writing)).Status);
    }

    /// <summary>Polls <paramref name="run"/>'s Flush (nothing buffered) until it throws the server's refusal of a heartbeat.</summary>
    private static async Task<MLCycleApiException> RefusalAsync(ActiveRun run)
    {
        for (var deadline = DateTime.UtcNow + Patience; DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            try
            {
                run.Flush();
            }
            catch (MLCycleApiException e)
            {
                return e;
            }
        }
        throw new TimeoutException($"run {run.RunId} never surfaced the server's refusal of its heartbeat");
    }

    private static async Task<RunInfo> WaitForAsync(AccessServer server, string runId, Func<RunInfo, bool> done)
    {
        for (var deadline = DateTime.UtcNow + Patience; DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (await ReadAsync(server, runId) is var run && done(run)) return run;
        }
        throw new TimeoutException($"run {runId} did not change within {Patience}");
    }

    private static async Task<RunInfo> ReadAsync(AccessServer server, string runId)
    {
        using var client = new MLCycleClient(server.Client.BaseAddress!, server.Tokens["reader"]);
        return await client.GetRunAsync(runId);
    }

    /// <summary>A run created as curl would: no heartbeat ever follows.</summary>
    private static async Task<string> CreateRawAsync(AccessServer server)
    {
        using var response = await PostAsync(server, "/api/v1/runs", """{"experiment":"churn-exp"}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("lease_ms").GetInt64() > 0);
        return body.RootElement.GetProperty("run_id").GetString()!;
    }

    private static Task<HttpResponseMessage> PostAsync(AccessServer server, string path, string? json) =>
        server.SendAsAsync("editor", new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        });

    /// <summary>A connection that the test cuts and restores: while cut, every request fails as an unreachable server does.</summary>
    private sealed class CuttableHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private volatile bool cut;

        public bool Cut
        {
            get => cut;
            set => cut = value;
        }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Cut ? throw new HttpRequestException("connection cut by the test") : base.Send(request, cancellationToken);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Cut ? throw new HttpRequestException("connection cut by the test") : base.SendAsync(request, cancellationToken);
    }
}
