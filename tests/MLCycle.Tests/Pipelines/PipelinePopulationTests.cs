using MLCycle.Data;
using MLCycle.Pipelines;
using MLCycle.Serving;
using MLCycle.Storage;

namespace MLCycle.Tests.Pipelines;

/// <summary>`population:` on the German credit data: the gap to expected shares, and training reweighted toward them.</summary>
public sealed class PipelinePopulationTests : IDisposable
{
    private readonly SpecTempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private PipelineSpec Spec(string sensitive, string population) =>
        SpecLoader.Load(_folder.Write("mlcycle.yaml",
            $"name: credit\ndata:\n  path: {CreditFiles.Csv}\n  target: class\n  sensitive: [{sensitive}]\n" +
            $"population:\n{population}\ntrain: {{ algorithms: [linear], cv: 2 }}\n"));

    [Fact]
    public async Task CheckAsync_gap_to_the_population_matches_the_hand_computed_test_and_weights()
    {
        using var input = await PipelinePreflight.CheckAsync(Spec("foreign_worker", "  foreign_worker: { \"yes\": 0.5, \"no\": 0.5 }"));

        // 963 'yes' and 37 'no' against 500 expected each: (463² + 463²) / 500.
        var gap = Assert.Single(input.Population!.Gaps);
        Assert.Equal(2.0 * 463 * 463 / 500, gap.ChiSquared, 9);
        Assert.Equal(1, gap.DegreesOfFreedom);
        Assert.True(gap.PValue < 1e-100);
        Assert.Equal([("yes", 963L), ("no", 37L)], gap.Groups.Select(g => (g.Group, g.Observed)));
        Assert.Equal(0.5 / 0.963, gap.Groups[0].Weight, 12);
        Assert.Equal(0.5 / 0.037, gap.Groups[1].Weight, 12);
        var under = Assert.Single(input.Population.Groups, g => g.UnderRepresented);
        Assert.Equal(["no"], under.Values);
    }

    [Fact]
    public async Task CheckAsync_group_the_data_never_holds_is_a_spec_error_at_its_key()
    {
        var e = await Assert.ThrowsAsync<MLCycleException>(() =>
            PipelinePreflight.CheckAsync(Spec("foreign_worker", "  foreign_worker: { \"Yes\": 0.5, \"no\": 0.5 }")));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("line 7, 'population.foreign_worker.Yes'", e.Message);
        Assert.Contains("group 'Yes' of 'foreign_worker' never occurs", e.Message);
        Assert.Contains("its groups are 'no', 'yes'", e.Message);
    }

    [Fact]
    public async Task RunAsync_weights_change_the_trained_model_but_not_its_inputs_or_serving()
    {
        const string Skewed = "  personal_status: { \"female div/dep/mar\": 0.7, \"male single\": 0.1, \"male mar/wid\": 0.1, \"male div/sep\": 0.1 }";
        await using var store = await MLCycleStore.OpenAsync(Path.Combine(_folder.Path, "store"));
        RunSummary plain, weighted;
        using (var input = await PipelinePreflight.CheckAsync(Spec("personal_status", Skewed)))
            plain = await new PipelineRunner(store).RunAsync(input);
        using (var input = await PipelinePreflight.CheckAsync(Spec("personal_status", Skewed + "\n  weights: true")))
            weighted = await new PipelineRunner(store).RunAsync(input);

        Assert.False(plain.Population!.Reweighted);
        Assert.True(weighted.Population!.Reweighted);
        Assert.StartsWith("Training was reweighted toward the expected population", weighted.Population.Weighting);
        var gap = Assert.Single(weighted.Population.Gaps);
        Assert.Equal(310, gap.Groups[0].Observed);

        var plainModel = await LoadedModel.LoadAsync(plain.PackagePath);
        var weightedModel = await LoadedModel.LoadAsync(weighted.PackagePath);
        Assert.Equal(Describe(plainModel), Describe(weightedModel));
        Assert.DoesNotContain(weightedModel.Manifest.Inputs, i => i.Name.Contains("weight", StringComparison.OrdinalIgnoreCase));
        var rows = await new TableReader().ReadAsync(CreditFiles.Csv);
        var before = plainModel.Score(rows);
        var after = weightedModel.Score(rows);
        Assert.True(after.IsValid, string.Join("; ", after.Errors));
        var shift = Enumerable.Range(0, rows.RowCount).Average(r => Math.Abs(after.Predictions[r]!.Probabilities!["bad"] - before.Predictions[r]!.Probabilities!["bad"]));
        Assert.True(shift > 0.01, $"mean |change| of P(bad) per row is {shift:F4}");

        var run = await store.Tracking.GetRunAsync(weighted.RunId);
        Assert.Equal("true", run.Tags["training.reweighted"]);
        Assert.Equal("true", run.Params["population.weights"]);
        Assert.Equal("female div/dep/mar=0.7, male single=0.1, male mar/wid=0.1, male div/sep=0.1", run.Params["population.personal_status"]);
        Assert.Equal(gap.ChiSquared, run.Metrics["population.personal_status.chi_squared"].Value, 9);
        var html = await File.ReadAllTextAsync(weighted.ReportPath);
        Assert.Contains("Expected population", html);
        Assert.Contains("Training was reweighted", html);
    }

    private static IEnumerable<string> Describe(LoadedModel model) =>
        model.Manifest.Inputs.Select(i => $"{i.Name} {i.Kind} {i.AllowsMissing} [{string.Join("|", i.Categories ?? [])}]");
}
