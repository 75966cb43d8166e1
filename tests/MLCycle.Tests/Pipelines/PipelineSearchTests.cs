using MLCycle.Pipelines;
using MLCycle.Storage;
using MLCycle.Tests.Training.Tuning;
using MLCycle.Tracking;

namespace MLCycle.Tests.Pipelines;

/// <summary>A spec with only data.path and data.target searches with the default budget, and records every trial as a child run.</summary>
[Collection(BudgetCollection.Name)]
public sealed class PipelineSearchTests : IDisposable
{
    private readonly SpecTempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task RunAsync_specWithOnlyPathAndTarget_searchesAndRecordsTrialsAsHiddenChildRuns()
    {
        var spec = SpecLoader.Load(_folder.Write("mlcycle.yaml", $"name: credit\ndata:\n  path: {CreditFiles.Csv}\n  target: class\n"));
        await using var store = await MLCycleStore.OpenAsync(Path.Combine(_folder.Path, "store"));
        using var input = await PipelinePreflight.CheckAsync(spec);

        var summary = await new PipelineRunner(store).RunAsync(input);

        // 1,000 rows x 21 columns is a small table: the default rule's 10-second floor. Whether it ends within +10% depends on
        // what else shares the cores; the bound on the overrun is checked in TunedTrainingTests.
        Assert.Matches(@"of a 10 s budget, (within|over) it", summary.Search);
        Assert.True(summary.Trials.Select(t => t.Algorithm).Distinct().Count() >= 3, string.Join("; ", summary.Trials));
        Assert.Equal(summary.Winner, summary.Trials[0].Algorithm);
        Assert.True(summary.TestMetrics["auc"] > summary.BaselineMetrics["auc"] + 0.15);

        var children = await store.Tracking.GetChildRunsAsync(summary.RunId);
        Assert.Equal(summary.Trials.Select(t => t.RunId).Order(), children.Select(c => c.RunId).Order());
        Assert.All(children, c => Assert.Equal(summary.RunId, c.Tags[TrackingTags.ParentRunId]));
        var best = children.Single(c => c.RunId == summary.Trials[0].RunId);
        Assert.Equal(RunStatus.Finished, best.Status);
        Assert.Equal(summary.Trials[0].Algorithm, best.Params["algorithm"]);
        Assert.Equal(summary.Trials[0].CvMean, best.Metrics["cv_mean.auc"].Value);
        Assert.Equal(summary.Trials[0].CvStd, best.Metrics["cv_sd.auc"].Value);
        Assert.True(best.Metrics["seconds"].Value > 0);

        var listed = await store.Tracking.SearchRunsAsync("credit");
        Assert.Equal([summary.RunId], listed.Items.Select(r => r.RunId));
        var parent = await store.Tracking.GetRunAsync(summary.RunId);
        Assert.Equal("default", parent.Params["train.budget"]);
        Assert.Equal(summary.Search, parent.Params["train.search"]);
    }
}
