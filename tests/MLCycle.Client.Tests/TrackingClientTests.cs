using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MLCycle.Server.Tests;

namespace MLCycle.Client.Tests;

/// <summary>The client against a real server on loopback (<see cref="AccessServer"/>: "editor" and "reader" hold their role on
/// experiment "churn-exp"), over a SQLite store.</summary>
public sealed class TrackingClientTests : IAsyncLifetime
{
    private AccessServer server = null!;

    public async Task InitializeAsync() => server = await AccessServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private MLCycleClient ClientAs(string user) => new(server.Client.BaseAddress!, server.Tokens[user]);

    [Fact]
    public async Task LogMetric_2500MetricsAnd150Params_sendsThemInChunksAndReadsBackEqual()
    {
        using var client = ClientAs("editor");
        var expected = Enumerable.Range(0, 2500).ToDictionary(i => $"m{i:D4}", i => Math.Round(i / 7.0, 6));
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        string runId;
        using (var run = client.StartRun("churn-exp", "chunked", new Dictionary<string, string> { ["team"] = "risk" }))
        {
            runId = run.RunId;
            foreach (var (key, value) in expected) run.LogMetric(key, value, step: 3);
            for (var i = 0; i < 150; i++) run.LogParam($"p{i:D3}", i.ToString(CultureInfo.InvariantCulture));
            run.LogMetric("undefined", double.NaN);
            run.SetTag("stage", "train");
        }

        var read = await client.GetRunAsync(runId);

        Assert.Equal(RunStatus.Finished, read.Status);
        Assert.Equal(("chunked", "churn-exp"), (read.Name, read.Experiment));
        Assert.Equal(2501, read.Metrics.Count);
        Assert.All(expected, e => Assert.Equal((e.Value, 3L), (read.Metrics[e.Key].Value, read.Metrics[e.Key].Step)));
        Assert.True(double.IsNaN(read.Metrics["undefined"].Value));
        // Timestamps are taken when logged: no metric is stamped after the run ended.
        Assert.All(read.Metrics.Values, m => Assert.InRange(m.Timestamp, before, read.EndTime!.Value));
        Assert.Equal(150, read.Params.Count);
        Assert.Equal("149", read.Params["p149"]);
        Assert.Equal(("risk", "train"), (read.Tags["team"], read.Tags["stage"]));
    }

    [Fact]
    public async Task DisposeAsync_runNotEnded_flushesAndEndsFinished()
    {
        using var client = ClientAs("editor");
        string runId;
        await using (var run = await client.StartRunAsync("churn-exp"))
        {
            runId = run.RunId;
            run.LogMetrics(new Dictionary<string, double> { ["auc"] = 0.91, ["loss"] = 0.3 }, step: 2);
            Assert.Equal(RunStatus.Running, (await client.GetRunAsync(runId)).Status);
        }

        var read = await client.GetRunAsync(runId);

        Assert.Equal(RunStatus.Finished, read.Status);
        Assert.NotNull(read.EndTime);
        Assert.Equal((0.91, 0.3), (read.Metrics["auc"].Value, read.Metrics["loss"].Value));
    }

    [Fact]
    public async Task Fail_inACatch_endsFailedWithTheErrorAndDisposeDoesNotEndItAgain()
    {
        using var client = ClientAs("editor");
        string runId;
        RunInfo failed;
        using (var run = client.StartRun("churn-exp"))
        {
            runId = run.RunId;
            run.LogMetric("auc", 0.5);
            failed = run.Fail("training diverged at epoch 3");
        }

        var read = await client.GetRunAsync(runId);

        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal((RunStatus.Failed, "training diverged at epoch 3"), (read.Status, read.Error));
        Assert.Equal(0.5, read.Metrics["auc"].Value);
    }

    [Fact]
    public async Task StartRunAsync_readerToken_throws403WithTheServersMessage()
    {
        using var client = ClientAs("reader");

        var e = await Assert.ThrowsAsync<MLCycleApiException>(() => client.StartRunAsync("churn-exp"));

        Assert.Equal(HttpStatusCode.Forbidden, e.Status);
        Assert.Equal("/api/v1/runs", e.Path);
        Assert.StartsWith("User 'reader' needs the role editor or higher", e.Detail);
        Assert.Contains("403", e.Message);
    }

    [Fact]
    public async Task SearchRunsAsync_badFilter_throws400NamingThePosition()
    {
        using var client = ClientAs("reader");

        var e = await Assert.ThrowsAsync<MLCycleApiException>(async () =>
        {
            await foreach (var _ in client.SearchRunsAsync("churn-exp", "metrics.auc ~ 0.5")) { }
        });

        Assert.Equal(HttpStatusCode.BadRequest, e.Status);
        Assert.Contains("at position 13", e.Detail);
    }

    [Fact]
    public async Task SearchRunsAsync_morePagesThanOne_followsPageTokensToEveryRun()
    {
        using var editor = ClientAs("editor");
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            await using var run = await editor.StartRunAsync("churn-exp", $"run {i}");
            run.LogMetric("auc", 0.5 + i / 10.0);
            created.Add(run.RunId);
        }
        using var reader = ClientAs("reader");

        var first = await reader.GetRunsPageAsync("churn-exp", pageSize: 2);
        var all = new List<RunInfo>();
        await foreach (var run in reader.SearchRunsAsync("churn-exp", "metrics.auc >= 0.5", ["metrics.auc DESC"], pageSize: 2)) all.Add(run);

        Assert.NotNull(first.NextPageToken);
        Assert.Equal(2, first.Items.Count);
        Assert.Equal(created.AsEnumerable().Reverse(), all.Select(r => r.RunId));
    }

    [Fact]
    public async Task UploadArtifactAsync_aLocalFile_isListedWithItsLength()
    {
        using var client = ClientAs("editor");
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "tenure,churn\n1,yes\n");
        await using var run = await client.StartRunAsync("churn-exp");

        var uploaded = await client.UploadArtifactAsync(run.RunId, file, "data/sample.csv");
        var listed = await client.ListArtifactsAsync(run.RunId);
        File.Delete(file);

        Assert.Equal(new ArtifactFile("data/sample.csv", 19), uploaded);
        Assert.Equal([uploaded], listed);
    }

    [Fact]
    public async Task GetRunAsync_serverNotListening_namesTheServerAddress()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new MLCycleClient(new Uri($"http://127.0.0.1:{port}"), "token");

        var e = await Assert.ThrowsAsync<MLCycleApiException>(() => client.GetRunAsync("abc"));

        Assert.Null(e.Status);
        Assert.Contains($"could not reach the MLCycle server at http://127.0.0.1:{port}/", e.Message);
    }

    [Fact]
    public async Task GetModelAsync_unknownModel_throws404()
    {
        using var client = ClientAs("admin");

        var e = await Assert.ThrowsAsync<MLCycleApiException>(() => client.GetModelAsync("nosuch"));

        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.Contains("nosuch", e.Detail);
    }

    [Fact]
    public async Task GetChildRunsAsync_trialsTaggedWithTheParent_listsThemOldestFirstWithTheirExperimentId()
    {
        using var editor = ClientAs("editor");
        string parent;
        await using (var run = await editor.StartRunAsync("churn-exp", "search")) parent = run.RunId;
        var trials = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await using var trial = await editor.StartRunAsync("churn-exp", $"trial {i}", new Dictionary<string, string> { ["mlflow.parentRunId"] = parent });
            trial.LogParam("trial", i.ToString(CultureInfo.InvariantCulture));
            trials.Add(trial.RunId);
        }
        using var reader = ClientAs("reader");
        using var outsider = ClientAs("outsider");

        var read = await reader.GetRunAsync(parent);
        var children = await reader.GetChildRunsAsync(parent);
        var none = await reader.GetChildRunsAsync(trials[0]);
        var refused = await Assert.ThrowsAsync<MLCycleApiException>(() => outsider.GetChildRunsAsync(parent));

        var experimentId = (await server.Store.Tracking.GetRunAsync(parent)).ExperimentId;
        Assert.True(experimentId > 0);
        Assert.Equal(experimentId, read.ExperimentId);
        Assert.Equal(trials, children.Select(c => c.RunId));
        Assert.Equal(["0", "1", "2"], children.Select(c => c.Params["trial"]));
        Assert.All(children, c => Assert.Equal((experimentId, parent), (c.ExperimentId, c.Tags["mlflow.parentRunId"])));
        Assert.Empty(none);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
    }

    [Fact]
    public async Task ReadAuditAsync_adminInPagesOfThree_readsTheWholeLogNewestFirst_readerIsRefusedAndLogged()
    {
        using var reader = ClientAs("reader");
        using var admin = ClientAs("admin");

        var refused = await Assert.ThrowsAsync<MLCycleApiException>(() => reader.GetAuditPageAsync());
        var read = new List<AuditEntryInfo>();
        await foreach (var entry in admin.ReadAuditAsync(pageSize: 3)) read.Add(entry);
        var firstPage = await admin.GetAuditPageAsync(pageSize: 3);

        var stored = await server.Store.Audit.ReadAsync();
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.True(stored.Count > 3, $"the fixture's users and grants should fill more than one page; found {stored.Count} lines");
        Assert.Equal(stored.Reverse().Select(e => (e.Id, e.Time, e.Actor, e.Action, e.Allowed, e.Status)),
            read.Select(e => (e.Id, e.Time, e.Actor, e.Action, e.Allowed, e.Status)));
        Assert.Equal(("reader", false, (int?)403, "GET /api/v1/audit"), (read[0].Actor, read[0].Allowed, read[0].Status, read[0].Action));
        Assert.Equal(3, firstPage.Items.Count);
        Assert.NotNull(firstPage.NextPageToken);
    }
}
