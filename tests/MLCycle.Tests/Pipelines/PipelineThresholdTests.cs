using MLCycle.Pipelines;
using MLCycle.Registry;
using MLCycle.Serving;
using MLCycle.Storage;
using MLCycle.Tests.Training;

namespace MLCycle.Tests.Pipelines;

/// <summary>The decision threshold: chosen in training, stored in the package, applied by serving and batch scoring alike.</summary>
public sealed class PipelineThresholdTests : IDisposable
{
    private readonly SpecTempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<(RunSummary Summary, MLCycleStore Store)> RunAsync(string train)
    {
        var spec = SpecLoader.Load(_folder.Write("mlcycle.yaml",
            $"name: credit\ndata:\n  path: {CreditFiles.Csv}\n  target: class\n  positive_class: bad\ntrain: {{ algorithms: [linear], cv: 3{train} }}\n"));
        var store = await MLCycleStore.OpenAsync(Path.Combine(_folder.Path, "store"));
        using var input = await PipelinePreflight.CheckAsync(spec);
        return (await new PipelineRunner(store).RunAsync(input), store);
    }

    [Fact]
    public async Task RunAsync_cost_threshold_is_stored_and_applied_when_the_package_scores()
    {
        var (summary, store) = await RunAsync(", threshold: { cost: { fp: 1, fn: 5 } }");
        await using var _ = store;

        var version = await store.Registry.GetVersionAsync("credit", summary.ModelVersion);
        using var model = await LoadedModel.LoadAsync(version, store.Artifacts);
        var manifest = model.Manifest;
        Assert.NotNull(manifest.DecisionThreshold);
        var threshold = manifest.DecisionThreshold!.Value;
        // Missing a bad credit costs five times a refused good one: the cut moves well below 0.5.
        Assert.InRange(threshold, 0.01, 0.4);
        Assert.StartsWith(threshold.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) + ": minimises the cost 1 x FP + 5 x FN", summary.Threshold);

        var rows = CsvTables.Load(CreditFiles.Csv, maxRows: 200);
        var scored = model.Score(rows.Without(["class"]));
        Assert.True(scored.IsValid);
        Assert.All(scored.Predictions, p => Assert.Equal(p!.Probabilities!["bad"] > threshold ? "bad" : "good", p.Label));
        Assert.Contains(scored.Predictions, p => p!.Probabilities!["bad"] is var b && b > threshold && b <= 0.5);
    }

    [Fact]
    public async Task RunAsync_fixed_threshold_is_kept_as_written()
    {
        var (summary, store) = await RunAsync(", threshold: 0.5");
        await using var _ = store;

        Assert.Equal("0.5, as the spec fixes it", summary.Threshold);
    }
}
