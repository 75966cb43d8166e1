using System.Globalization;
using System.Text;
using MLCycle.Agent;
using MLCycle.Monitoring;
using MLCycle.Pipelines;
using MLCycle.Storage;
using MLCycle.Tests.Pipelines;
using MLCycle.Tracking;

namespace MLCycle.Tests.Agent;

/// <summary>
/// One tick of the agent on a real store: a model trained on a + 0.2 b, then requests logged straight into the prediction log with
/// <c>a</c> five times larger and outcomes that say "no" where the champion says "yes".
/// </summary>
public sealed class MonitoringAgentTests : IDisposable
{
    private readonly SpecTempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TickAsync_fewerRowsThanTheMinimum_alertsNothingAndDoesNotRetrain()
    {
        await using var store = await TrainedAsync("promote: auto");
        await LogShiftedAsync(store, 20, seed: 3);
        var agent = new MonitoringAgent(store, Spec("promote: auto"));

        var first = await agent.TickAsync();
        var second = await agent.TickAsync();

        Assert.Empty(first.Findings);
        Assert.Null(first.Retrain);
        Assert.Contains(first.Notes, n => n.StartsWith("drift: too few rows (20 logged, 200 needed)", StringComparison.Ordinal));
        Assert.Null(first.Since);
        // The second tick looks only at rows logged after the first one started: none.
        var firstRun = await store.Tracking.GetRunAsync(first.RunId);
        Assert.Equal(firstRun.StartTime, second.Since);
        Assert.Contains(second.Notes, n => n.StartsWith("drift: no requests logged for loop:1 since", StringComparison.Ordinal));
        Assert.Equal(("none", RunStatus.Finished), (firstRun.Tags["mlcycle.findings"], firstRun.Status));
        Assert.Equal(20, firstRun.Metrics["drift.rows"].Value);
    }

    [Fact]
    public async Task TickAsync_driftWithPromoteApproval_retrainsAndLeavesTheWinnerChallenger()
    {
        await using var store = await TrainedAsync("promote: approval");
        await LogShiftedAsync(store, 300, seed: 4);

        var tick = await new MonitoringAgent(store, Spec("promote: approval")).TickAsync();

        var finding = Assert.Single(tick.Findings);
        Assert.Equal(MLCycle.Monitoring.Alerts.AlertKind.Drift, finding.Kind);
        Assert.Equal(("loop", 1), (finding.Model, finding.Version));
        Assert.Contains("a", (IEnumerable<string>)finding.Details["features"]!);
        var retrain = tick.Retrain!;
        Assert.Equal(("drift", "finished", false, "challenger", 2, 300), (retrain.Trigger, retrain.Status, retrain.Promoted, retrain.Alias, retrain.Version, retrain.LabelledRows));
        Assert.Contains("challenger is better", retrain.Reason);
        Assert.Contains("retrain.promote: approval leaves it challenger for a person", retrain.Reason);
        var model = Assert.Single(await store.Registry.ListModelsAsync());
        Assert.Equal((1, 2), (model.Aliases[ChampionChallenger.Champion], model.Aliases[ChampionChallenger.Challenger]));
        var run = await store.Tracking.GetRunAsync(retrain.RunId!);
        Assert.Equal(("drift", tick.RunId, "300"), (run.Tags["mlcycle.trigger"], run.Tags["mlcycle.agent_run"], run.Tags["mlcycle.retrain.labelled_rows"]));
    }

    [Fact]
    public async Task TickAsync_retrainingAlreadyRunning_skipsIt()
    {
        await using var store = await TrainedAsync("promote: auto");
        await LogShiftedAsync(store, 300, seed: 5);
        using var held = RetrainLock.TryAcquire(store.Artifacts.Root, "loop");

        var tick = await new MonitoringAgent(store, Spec("promote: auto")).TickAsync();

        Assert.NotNull(held);
        Assert.Equal(("skipped", "another retraining of 'loop' is running"), (tick.Retrain!.Status, tick.Retrain.Reason));
        Assert.Equal(1, (await store.Registry.ListModelsAsync())[0].LatestVersion!.Version);
    }

    private PipelineSpec Spec(string promote)
    {
        if (!File.Exists(Path.Combine(_folder.Path, "train.csv"))) _folder.Write("train.csv", Csv(500, seed: 1));
        return SpecLoader.Load(_folder.Write("mlcycle.yaml",
            $"name: loop\ndata:\n  path: train.csv\n  target: label\ntrain: {{ algorithms: [lightgbm], cv: 2 }}\nretrain:\n  on: [drift]\n  {promote}\n"));
    }

    private async Task<MLCycleStore> TrainedAsync(string promote)
    {
        var store = await MLCycleStore.OpenAsync(Path.Combine(_folder.Path, "store"));
        using var input = await PipelinePreflight.CheckAsync(Spec(promote));
        var first = await new PipelineRunner(store).RunAsync(input);
        Assert.True(first.Promotion.Promoted, first.Promotion.Reason);
        return store;
    }

    // Requests as the server logs them, with a five times larger; their outcomes say "no" although a large a means "yes" in training.
    private static async Task LogShiftedAsync(MLCycleStore store, int rows, int seed)
    {
        var random = new Random(seed);
        var now = DateTimeOffset.UtcNow;
        var entries = Enumerable.Range(0, rows).Select(_ =>
        {
            var inputs = string.Create(CultureInfo.InvariantCulture, $"{{\"a\":{random.NextDouble() * 5:F4},\"b\":{random.NextDouble():F4},\"c\":{random.NextDouble():F4}}}");
            return new PredictionLogEntry("loop", 1, now, inputs, "{\"label\":\"yes\"}") { Id = PredictionId.New(now) };
        }).ToList();
        await store.Predictions.AppendAsync(entries);
        await store.Predictions.AddOutcomesAsync("loop", entries.Select(e => new PredictionOutcome(e.Id!, "no", null)).ToList());
    }

    private static string Csv(int rows, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("a,b,c,label\n");
        for (var r = 0; r < rows; r++)
        {
            double a = random.NextDouble(), b = random.NextDouble(), c = random.NextDouble();
            var yes = a + 0.2 * b + (random.NextDouble() - 0.5) * 0.3 > 0.6;
            csv.Append(CultureInfo.InvariantCulture, $"{a:F4},{b:F4},{c:F4},{(yes ? "yes" : "no")}\n");
        }
        return csv.ToString();
    }
}
