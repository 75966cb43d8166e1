using MLCycle.Pipelines;
using MLCycle.Registry;
using MLCycle.Storage;

namespace MLCycle.Tests.Pipelines;

/// <summary>Fairness on the German credit data: judged on the test rows, gated, stored with the version and shown in the report.</summary>
public sealed class PipelineFairnessTests : IDisposable
{
    private readonly SpecTempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private PipelineSpec Spec(string gates) =>
        SpecLoader.Load(_folder.Write("mlcycle.yaml",
            $"name: credit\ndata:\n  path: {CreditFiles.Csv}\n  target: class\n  sensitive: [personal_status, foreign_worker]\n  ignore: [foreign_worker]\n" +
            $"train: {{ algorithms: [linear], cv: 2 }}\nevaluate:\n  gates: {gates}\n"));

    [Fact]
    public async Task RunAsync_failing_fairness_gate_blocks_promotion_and_names_the_groups()
    {
        await using var store = await MLCycleStore.OpenAsync(Path.Combine(_folder.Path, "store"));
        using var input = await PipelinePreflight.CheckAsync(Spec("[\"demographic_parity_ratio(personal_status) >= 0.999\"]"));

        var summary = await new PipelineRunner(store).RunAsync(input);

        Assert.Equal(["personal_status", "foreign_worker", "personal_status&foreign_worker"], summary.Fairness.Select(f => f.Column));
        // foreign_worker is ignored as a feature and still judged: every test row lands in one of its groups.
        var foreign = summary.Fairness[1];
        Assert.Equal(200, foreign.Groups.Sum(g => g.Count));
        // yes/no is read as a Boolean column, so its groups carry the Boolean's text.
        Assert.Equal(["true", "false"], foreign.Groups.Select(g => g.Group));
        Assert.True(foreign.Groups.Single(g => g.Group == "false").TooSmall);
        Assert.All(summary.Fairness[0].Groups.Where(g => !g.TooSmall), g => Assert.InRange(g.SelectionRate!.Value, 0, 1));
        var ratio = summary.Fairness[0].DemographicParityRatio!.Value;
        Assert.InRange(ratio, 0, 0.999);

        var gate = Assert.Single(summary.Gates);
        Assert.False(gate.Passed);
        Assert.Equal(ratio, gate.Actual);
        Assert.Contains("lowest selection_rate: ", gate.Expected);
        Assert.False(summary.Promotion.Promoted);

        var manifest = await ModelPackage.ReadManifestAsync(summary.PackagePath);
        Assert.Equal(ratio, manifest.Fairness![0].DemographicParityRatio);
        var html = await File.ReadAllTextAsync(summary.ReportPath);
        Assert.Contains("<section id=\"fairness\">", html);
        Assert.Contains("<tr class=\"failing\">", html);
    }

    [Fact]
    public async Task CheckAsync_gate_on_a_column_that_is_not_sensitive_is_a_spec_error_naming_the_sensitive_columns()
    {
        var e = await Assert.ThrowsAsync<MLCycleException>(() => PipelinePreflight.CheckAsync(Spec("[\"equalized_odds_difference(age) <= 0.1\"]")));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("'evaluate.gates'", e.Message);
        Assert.Contains("personal_status, foreign_worker, personal_status&foreign_worker", e.Message);
    }
}
