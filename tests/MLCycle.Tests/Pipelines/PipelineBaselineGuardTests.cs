using System.Globalization;
using System.Text;
using MLCycle.Evaluation;
using MLCycle.Pipelines;
using MLCycle.Storage;

namespace MLCycle.Tests.Pipelines;

/// <summary>A model that loses to the baseline on its test rows is never promoted, even with every gate passing.</summary>
public sealed class PipelineBaselineGuardTests : IDisposable
{
    private readonly SpecTempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // A target that is a coin toss, independent of every feature: LightGBM memorises it and becomes overconfident.
    private string NoiseCsv()
    {
        var random = new Random(7);
        var csv = new StringBuilder("a,b,c,d,label\n");
        for (var r = 0; r < 400; r++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{random.NextDouble():F4},{random.NextDouble():F4},{random.Next(50)},{random.NextDouble():F4},{(random.Next(2) == 0 ? "yes" : "no")}\n");
        }
        return _folder.Write("noise.csv", csv.ToString());
    }

    [Fact]
    public async Task RunAsync_model_worse_than_the_baseline_is_not_promoted_although_no_gate_failed()
    {
        var spec = SpecLoader.Load(_folder.Write("mlcycle.yaml",
            $"name: noise\ndata:\n  path: {NoiseCsv()}\n  target: label\ntrain: {{ algorithms: [lightgbm, baseline], cv: 2 }}\n"));
        await using var store = await MLCycleStore.OpenAsync(Path.Combine(_folder.Path, "store"));
        using var input = await PipelinePreflight.CheckAsync(spec);

        var summary = await new PipelineRunner(store).RunAsync(input);

        Assert.Empty(summary.Gates);
        Assert.False(summary.Promotion.Promoted);
        Assert.Equal(ChampionChallenger.Challenger, summary.Promotion.Alias);
        Assert.Contains("worse than the baseline's", summary.Promotion.Reason);
        Assert.Contains("never promoted, whatever the gates say", summary.Promotion.Reason);
        Assert.True(summary.TestMetrics["log_loss"] > summary.BaselineMetrics["log_loss"]);
        Assert.Equal(FitVerdictKind.Overfitting, summary.Verdict.Kind);
        var model = Assert.Single(await store.Registry.ListModelsAsync());
        Assert.DoesNotContain(ChampionChallenger.Champion, model.Aliases.Keys);
    }
}
