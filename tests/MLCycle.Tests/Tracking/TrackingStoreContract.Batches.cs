using MLCycle.Access;
using MLCycle.Tracking;

namespace MLCycle.Tests.Tracking;

/// <summary>A batch of metrics only, which PostgreSQL writes as one statement outside a transaction (ADR 0051): still all or
/// nothing with its audit line, and an id that is not a run's full id still goes through the lookup.</summary>
public abstract partial class TrackingStoreContract
{
    private static AuditEntry BatchLine(string target, string actor = "ana") => new()
    {
        Time = DateTimeOffset.UtcNow, Actor = actor, Address = "127.0.0.1", Action = "POST /api/v1/runs/{run}/log-batch", Target = target,
        Allowed = true, Status = 204, Detail = "1,000 metrics",
    };

    [Fact]
    public async Task LogBatchAuditedAsync_metricsOnly_writesHistoryLatestAndTheAuditLine_andNothingForAnUnknownRun()
    {
        var run = await Tracking.CreateRunAsync("churn");
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        Metric[] batch = [new("loss", 0.5, 1, t0), new("auc", 0.7, 1, t0), new("loss", 0.4, 2, t0), new("auc", double.NaN, 2, t0), new("loss", 0.45, 2, t0)];

        await Tracking.LogBatchAuditedAsync(run.RunId, batch, [], [], BatchLine("written"));
        var unknown = await Assert.ThrowsAsync<NotFoundException>(() =>
            Tracking.LogBatchAuditedAsync("0123456789abcdef0123456789abcdef", [new Metric("loss", 0.1)], [], [], BatchLine("unknown")));

        Assert.Contains("0123456789abcdef0123456789abcdef", unknown.Message);
        var line = Assert.Single(await Store.Audit.ReadAsync(), e => e.Actor == "ana");
        Assert.Equal(("written", 204, "1,000 metrics", true, (string?)null), (line.Target, line.Status, line.Detail, line.Allowed, line.BeforeJson));
        Assert.Equal([0.5, 0.4, 0.45], (await Tracking.GetMetricHistoryAsync(run.RunId, "loss")).Select(m => m.Value));
        Assert.Equal([0.7, double.NaN], (await Tracking.GetMetricHistoryAsync(run.RunId, "auc")).Select(m => m.Value));
        var latest = (await Tracking.GetRunAsync(run.RunId)).Metrics;
        Assert.Equal((0.45, 2L), (latest["loss"].Value, latest["loss"].Step));
        Assert.True(double.IsNaN(latest["auc"].Value));
    }

    [Fact]
    public async Task LogBatchAuditedAsync_metricsOnly_anAuditLineTheLogRefuses_writesNoMetricEither()
    {
        var run = await Tracking.CreateRunAsync("churn");
        var broken = BatchLine("broken") with { Actor = null! };

        await Assert.ThrowsAnyAsync<Exception>(() => Tracking.LogBatchAuditedAsync(run.RunId, [new Metric("loss", 0.5)], [], [], broken));

        Assert.Empty((await Tracking.GetRunAsync(run.RunId)).Metrics);
        Assert.Empty(await Tracking.GetMetricHistoryAsync(run.RunId, "loss"));
        Assert.DoesNotContain(await Store.Audit.ReadAsync(), e => e.Target == "broken");
    }

    [Theory]
    [InlineData("prefix")]
    [InlineData("upper case")]
    [InlineData("spaces around")]
    public async Task LogBatchAsync_metricsOnlyByAnotherFormOfTheId_writesToTheRun(string form)
    {
        var run = await Tracking.CreateRunAsync("churn");
        var id = form switch
        {
            "prefix" => run.RunId[..8],
            "upper case" => run.RunId.ToUpperInvariant(),
            _ => $" {run.RunId} ",
        };

        await Tracking.LogBatchAsync(id, [new Metric("auc", 0.8, 3, DateTimeOffset.UtcNow)]);

        var auc = (await Tracking.GetRunAsync(run.RunId)).Metrics["auc"];
        Assert.Equal((0.8, 3L), (auc.Value, auc.Step));
    }
}
