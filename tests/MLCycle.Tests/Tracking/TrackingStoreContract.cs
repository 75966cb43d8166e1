using MLCycle.Access;
using MLCycle.Tests.Storage;
using MLCycle.Tracking;

namespace MLCycle.Tests.Tracking;

/// <summary>Every behaviour of <see cref="ITrackingStore"/>; each backend inherits it.</summary>
public abstract partial class TrackingStoreContract : StoreContract
{
    private ITrackingStore Tracking => Store.Tracking;

    [Fact]
    public async Task GetOrCreateExperimentAsync_sameNameTwice_returnsSameExperiment()
    {
        var first = await Tracking.GetOrCreateExperimentAsync("churn");
        var second = await Tracking.GetOrCreateExperimentAsync("churn");
        var other = await Tracking.GetOrCreateExperimentAsync("housing");

        Assert.Equal(first, second);
        Assert.NotEqual(first.Id, other.Id);
    }

    [Fact]
    public async Task CreateRunAsync_newExperiment_startsRunningRunWithTags()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var run = await Tracking.CreateRunAsync("churn", "baseline", new Dictionary<string, string> { ["team"] = "risk" });

        Assert.Equal(32, run.RunId.Length);
        Assert.Equal("churn", run.ExperimentName);
        Assert.Equal("baseline", run.Name);
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.InRange(run.StartTime, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Null(run.EndTime);
        Assert.Equal("risk", run.Tags["team"]);
    }

    [Fact]
    public async Task CreateRunWithIdAsync_idFromElsewhere_runTakesItAndTheSameIdAgainIsAConflict()
    {
        const string id = "0123456789abcdef0123456789abcdef";

        var run = await Tracking.CreateRunWithIdAsync(id, "churn", "published", new Dictionary<string, string> { ["team"] = "risk" });
        var again = await Assert.ThrowsAsync<MLCycleException>(() => Tracking.CreateRunWithIdAsync(id, "churn"));
        var notAnId = await Assert.ThrowsAsync<MLCycleException>(() => Tracking.CreateRunWithIdAsync("0123", "churn"));

        Assert.Equal((id, RunStatus.Running, "risk"), (run.RunId, run.Status, run.Tags["team"]));
        Assert.Equal(id, (await Tracking.GetRunAsync(id)).RunId);
        Assert.Equal(ErrorKind.Conflict, again.Kind);
        Assert.Equal(ErrorKind.BadSpec, notAnId.Kind);
        Assert.Single((await Tracking.SearchRunsAsync("churn")).Items);
    }

    [Fact]
    public async Task LogBatchAsync_metricsParamsTags_areReadBackByGetRun()
    {
        var run = await Tracking.CreateRunAsync("churn");

        await Tracking.LogBatchAsync(run.RunId,
            metrics: [new Metric("auc", 0.81), new Metric("f1", 0.5)],
            parameters: [new Param("algorithm", "LightGbm"), new Param("trees", "100")],
            tags: [new RunTag("stage", "train")]);
        var read = await Tracking.GetRunAsync(run.RunId);

        Assert.Equal(0.81, read.Metrics["auc"].Value);
        Assert.Equal(0.5, read.Metrics["f1"].Value);
        Assert.Equal(new Dictionary<string, string> { ["algorithm"] = "LightGbm", ["trees"] = "100" }, read.Params);
        Assert.Equal("train", read.Tags["stage"]);
    }

    [Fact]
    public async Task LogParamAsync_sameKeyDifferentValue_throwsNamingKeyAndWritesNothingOfTheBatch()
    {
        var run = await Tracking.CreateRunAsync("churn");
        await Tracking.LogParamAsync(run.RunId, "trees", "100");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => Tracking.LogBatchAsync(run.RunId,
            metrics: [new Metric("auc", 0.7)], parameters: [new Param("seed", "1"), new Param("trees", "200")]));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains("'trees'", error.Message);
        Assert.Contains("100", error.Message);
        var read = await Tracking.GetRunAsync(run.RunId);
        Assert.Equal(new Dictionary<string, string> { ["trees"] = "100" }, read.Params);
        Assert.Empty(read.Metrics);
    }

    [Fact]
    public async Task LogBatchAuditedAsync_writesTheAuditLineWithTheBatch_andNeitherWhenTheBatchIsRefused()
    {
        var run = await Tracking.CreateRunAsync("churn");
        await Tracking.LogParamAsync(run.RunId, "trees", "100");
        AuditEntry Line(string target) => new()
        {
            Time = DateTimeOffset.UtcNow, Actor = "ana", Address = "127.0.0.1", Action = "POST /api/v1/runs/{run}/log-batch", Target = target, Allowed = true, Status = 204,
        };

        await Tracking.LogBatchAuditedAsync(run.RunId, [new Metric("auc", 0.7)], [new Param("seed", "1")], [], Line("written"));
        var refused = await Assert.ThrowsAsync<MLCycleException>(() =>
            Tracking.LogBatchAuditedAsync(run.RunId, [new Metric("loss", 0.3)], [new Param("trees", "200")], [], Line("refused")));

        Assert.Equal(ErrorKind.Conflict, refused.Kind);
        Assert.Equal(["written"], (await Store.Audit.ReadAsync()).Where(e => e.Actor == "ana").Select(e => e.Target));
        var read = await Tracking.GetRunAsync(run.RunId);
        Assert.Equal(["auc"], read.Metrics.Keys);
        Assert.Equal("1", read.Params["seed"]);
    }

    [Fact]
    public async Task LogParamAsync_sameKeySameValue_isAccepted()
    {
        var run = await Tracking.CreateRunAsync("churn");

        await Tracking.LogParamAsync(run.RunId, "trees", "100");
        await Tracking.LogParamAsync(run.RunId, "trees", "100");

        Assert.Equal("100", (await Tracking.GetRunAsync(run.RunId)).Params["trees"]);
    }

    [Fact]
    public async Task LogBatchAsync_sameParamTwiceInBatchWithDifferentValues_throws()
    {
        var run = await Tracking.CreateRunAsync("churn");

        var error = await Assert.ThrowsAsync<MLCycleException>(() =>
            Tracking.LogBatchAsync(run.RunId, parameters: [new Param("k", "1"), new Param("k", "2")]));

        Assert.Contains("'k'", error.Message);
    }

    [Fact]
    public async Task GetMetricHistoryAsync_valuesAtSteps_comeBackInStepOrderAndLatestIsHighestStep()
    {
        var run = await Tracking.CreateRunAsync("churn");
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        await Tracking.LogBatchAsync(run.RunId, metrics: [new Metric("loss", 0.5, 2, t0), new Metric("loss", 0.9, 0, t0), new Metric("loss", 0.7, 1, t0)]);
        await Tracking.LogMetricAsync(run.RunId, "loss", 0.45, step: 2);

        var history = await Tracking.GetMetricHistoryAsync(run.RunId, "loss");
        var latest = (await Tracking.GetRunAsync(run.RunId)).Metrics["loss"];

        Assert.Equal([0.9, 0.7, 0.5, 0.45], history.Select(m => m.Value));
        Assert.Equal([0L, 1, 2, 2], history.Select(m => m.Step));
        Assert.Equal(t0, history[0].Timestamp);
        Assert.Equal((0.45, 2L), (latest.Value, latest.Step));
    }

    [Fact]
    public async Task LogBatchAsync_concurrentWriters_loseNothing()
    {
        var run = await Tracking.CreateRunAsync("churn");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var step = 0; step < 10; step++)
            {
                await Tracking.LogMetricAsync(run.RunId, $"worker{w}", step, step);
            }
        })));

        var run2 = await Tracking.GetRunAsync(run.RunId);
        Assert.Equal(8, run2.Metrics.Count);
        Assert.All(run2.Metrics.Values, m => Assert.Equal((9.0, 9L), (m.Value, m.Step)));
        Assert.Equal(10, (await Tracking.GetMetricHistoryAsync(run.RunId, "worker3")).Count);
    }

    [Fact]
    public async Task LogMetricAsync_nan_isStoredAsNaN()
    {
        var run = await Tracking.CreateRunAsync("churn");

        await Tracking.LogMetricAsync(run.RunId, "r2", double.NaN);

        Assert.True(double.IsNaN((await Tracking.GetRunAsync(run.RunId)).Metrics["r2"].Value));
    }

    [Fact]
    public async Task SetTagAsync_twice_replacesValue()
    {
        var run = await Tracking.CreateRunAsync("churn");

        await Tracking.SetTagAsync(run.RunId, "stage", "train");
        await Tracking.SetTagAsync(run.RunId, "stage", "evaluate");

        Assert.Equal("evaluate", (await Tracking.GetRunAsync(run.RunId)).Tags["stage"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task LogMetricAsync_blankKey_isRefused(string key)
    {
        var run = await Tracking.CreateRunAsync("churn");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => Tracking.LogMetricAsync(run.RunId, key, 1));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
    }

    [Fact]
    public async Task EndRunAsync_failed_recordsStatusErrorAndEndTime()
    {
        var run = await Tracking.CreateRunAsync("churn");

        await Tracking.EndRunAsync(run.RunId, RunStatus.Failed, "column 'tenure' missing in telco.csv");
        var read = await Tracking.GetRunAsync(run.RunId);

        Assert.Equal(RunStatus.Failed, read.Status);
        Assert.Equal("column 'tenure' missing in telco.csv", read.Error);
        Assert.NotNull(read.EndTime);
        Assert.True(read.EndTime >= read.StartTime);
    }

    [Fact]
    public async Task EndRunningRunAsync_eightCallersAtOnce_exactlyOneEndsItAndTheFirstStatusStays()
    {
        var run = await Tracking.CreateClientRunAsync("churn");

        var statuses = Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? RunStatus.Finished : RunStatus.Failed).ToArray();
        var won = await Task.WhenAll(statuses.Select(s => Task.Run(() => Tracking.EndRunningRunAsync(run.RunId, s, s == RunStatus.Failed ? "stopped" : null))));
        var read = await Tracking.GetRunAsync(run.RunId);

        Assert.Equal(1, won.Count(w => w));
        Assert.Equal(statuses[Array.IndexOf(won, true)], read.Status);
        Assert.False(await Tracking.EndRunningRunAsync(run.RunId, RunStatus.Killed));
        Assert.Equal(read.Status, (await Tracking.GetRunAsync(run.RunId)).Status);
    }

    [Fact]
    public async Task EndRunAsync_finished_hasNoError()
    {
        var run = await Tracking.CreateRunAsync("churn");

        await Tracking.EndRunAsync(run.RunId, RunStatus.Finished);

        var read = await Tracking.GetRunAsync(run.RunId);
        Assert.Equal((RunStatus.Finished, (string?)null), (read.Status, read.Error));
    }

    [Fact]
    public async Task EndRunAsync_asRunning_isRefused()
    {
        var run = await Tracking.CreateRunAsync("churn");

        await Assert.ThrowsAsync<MLCycleException>(() => Tracking.EndRunAsync(run.RunId, RunStatus.Running));
    }

    [Fact]
    public async Task GetRunAsync_unknownId_throwsNotFoundNamingTheId()
    {
        var error = await Assert.ThrowsAsync<NotFoundException>(() => Tracking.GetRunAsync("0123456789abcdef0123456789abcdef"));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Contains("0123456789abcdef0123456789abcdef", error.Message);
    }

    [Fact]
    public async Task GetRunAsync_uniquePrefix_findsTheRun()
    {
        var run = await Tracking.CreateRunAsync("churn");

        var read = await Tracking.GetRunAsync(run.RunId[..8].ToUpperInvariant());

        Assert.Equal(run.RunId, read.RunId);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("xyz12345")]
    [InlineData("abcd%")]
    public async Task GetRunAsync_textThatIsNoRunId_isRefusedNamingIt(string text)
    {
        var error = await Assert.ThrowsAsync<MLCycleException>(() => Tracking.GetRunAsync(text));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains($"'{text}'", error.Message);
    }

    [Fact]
    public async Task LogMetricAsync_unknownRun_throwsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Tracking.LogMetricAsync("ffffffff", "auc", 1));
    }

    [Fact]
    public async Task SearchRunsAsync_pages_returnEveryRunOnceNewestFirst()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await Tracking.CreateRunAsync(i % 2 == 0 ? "a" : "b", $"run{i}")).RunId);
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Tracking.SearchRunsAsync(maxResults: 2, pageToken: token);
            Assert.InRange(page.Items.Count, 1, 2);
            seen.AddRange(page.Items.Select(r => r.RunId));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    [Fact]
    public async Task SearchRunsAsync_childRuns_areHiddenAndListedUnderTheirParent()
    {
        var parent = await Tracking.CreateRunAsync("tuned", "parent");
        var first = await Tracking.CreateRunAsync("tuned", "trial 1", new Dictionary<string, string> { [TrackingTags.ParentRunId] = parent.RunId });
        var second = await Tracking.CreateRunAsync("tuned", "trial 2", new Dictionary<string, string> { [TrackingTags.ParentRunId] = parent.RunId });
        await Tracking.LogBatchAsync(second.RunId, [new Metric("cv_mean.auc", 0.8, 0, DateTimeOffset.UtcNow)], [new Param("algorithm", "lightgbm")]);
        var other = await Tracking.CreateRunAsync("tuned", "unrelated");

        var page = await Tracking.SearchRunsAsync("tuned");
        var children = await Tracking.GetChildRunsAsync(parent.RunId[..8]);

        Assert.Equal([other.RunId, parent.RunId], page.Items.Select(r => r.RunId));
        Assert.Equal([first.RunId, second.RunId], children.Select(r => r.RunId));
        Assert.Equal("lightgbm", children[1].Params["algorithm"]);
        Assert.Equal(0.8, children[1].Metrics["cv_mean.auc"].Value);
        Assert.Empty(await Tracking.GetChildRunsAsync(other.RunId));
    }

    [Fact]
    public async Task SearchRunsAsync_exactlyOnePageOfRuns_hasNoToken()
    {
        await Tracking.CreateRunAsync("a");
        await Tracking.CreateRunAsync("a");

        var page = await Tracking.SearchRunsAsync(maxResults: 2);

        Assert.Equal(2, page.Items.Count);
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public async Task SearchRunsAsync_byExperiment_returnsOnlyItsRunsWithDetails()
    {
        var a = await Tracking.CreateRunAsync("a");
        await Tracking.CreateRunAsync("b");
        await Tracking.LogMetricAsync(a.RunId, "auc", 0.7);

        var page = await Tracking.SearchRunsAsync("a");

        var only = Assert.Single(page.Items);
        Assert.Equal(a.RunId, only.RunId);
        Assert.Equal(0.7, only.Metrics["auc"].Value);
    }

    [Fact]
    public async Task SearchRunsAsync_unknownExperiment_throwsNotFound()
    {
        var error = await Assert.ThrowsAsync<NotFoundException>(() => Tracking.SearchRunsAsync("nope"));

        Assert.Contains("'nope'", error.Message);
    }

    [Theory]
    [InlineData("garbage!")]
    [InlineData("cFg6MTIz")] // base64 of "pX:123": well-formed base64, foreign content
    public async Task SearchRunsAsync_foreignPageToken_isRefused(string token)
    {
        var error = await Assert.ThrowsAsync<MLCycleException>(() => Tracking.SearchRunsAsync(pageToken: token));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains(token, error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_001)]
    public async Task SearchRunsAsync_maxResultsOutOfRange_isRefused(int maxResults)
    {
        await Assert.ThrowsAsync<MLCycleException>(() => Tracking.SearchRunsAsync(maxResults: maxResults));
    }
}
