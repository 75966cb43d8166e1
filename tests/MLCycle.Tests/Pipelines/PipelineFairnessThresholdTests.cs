using System.Text.Json;
using MLCycle.Data;
using MLCycle.Pipelines;
using MLCycle.Serving;
using MLCycle.Storage;

namespace MLCycle.Tests.Pipelines;

/// <summary>
/// <c>train.fairness</c> on the telco churn data (7,043 rows) with senior_citizen ignored as a feature: per-group thresholds
/// shrink the named gap on the test rows, and serving and batch scoring make the same per-group decisions.
/// </summary>
public sealed class PipelineFairnessThresholdTests : IDisposable
{
    private static readonly string Csv = RepoFiles.Path("examples/telco-churn/telco_churn.csv");
    private readonly SpecTempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<RunSummary> RunAsync(MLCycleStore store, string? rate)
    {
        var fairness = rate is null ? "" : $"  fairness: {{ thresholds: {rate}, column: senior_citizen }}\n";
        var spec = SpecLoader.Load(_folder.Write($"{rate ?? "plain"}.yaml",
            $"name: churn\ndata:\n  path: {Csv}\n  target: churn\n  sensitive: [senior_citizen]\n  ignore: [senior_citizen]\n" +
            $"  types: {{ senior_citizen: categorical }}\nsplit: {{ test: 0.2, seed: 42 }}\ntrain:\n  algorithms: [linear]\n  cv: 3\n{fairness}"));
        using var input = await PipelinePreflight.CheckAsync(spec);
        return await new PipelineRunner(store).RunAsync(input);
    }

    [Fact]
    public async Task RunAsync_group_thresholds_shrink_the_named_gap_and_serving_and_batch_agree()
    {
        await using var store = await MLCycleStore.OpenAsync(Path.Combine(_folder.Path, "store"));
        var plain = (await RunAsync(store, null)).Fairness.Single();
        var parity = await RunAsync(store, "demographic_parity");
        var opportunity = (await RunAsync(store, "equal_opportunity")).Fairness.Single();

        // Seniors churn more: one threshold selects 61% of them against 33% of the others (ratio 0.54).
        Assert.True(parity.Fairness.Single().DemographicParityDifference < plain.DemographicParityDifference / 2,
            $"demographic parity difference {plain.DemographicParityDifference} -> {parity.Fairness.Single().DemographicParityDifference}");
        Assert.True(opportunity.EqualOpportunityDifference < plain.EqualOpportunityDifference,
            $"equal opportunity difference {plain.EqualOpportunityDifference} -> {opportunity.EqualOpportunityDifference}");
        var thresholds = parity.GroupThresholds!;
        Assert.Equal(["0", "1"], thresholds.Thresholds.Keys);
        Assert.True(thresholds.Thresholds["1"] > thresholds.Global && thresholds.Thresholds["0"] < thresholds.Global);

        using var model = await LoadedModel.LoadAsync(parity.PackagePath);
        var stored = model.Manifest.GroupThresholds!;
        Assert.Equal(("senior_citizen", "demographic_parity", thresholds.Global), (stored.Column, stored.Rate, stored.Global));
        Assert.Equal(thresholds.Thresholds.OrderBy(t => t.Key), stored.Thresholds.OrderBy(t => t.Key));
        var table = (await new TableReader().ReadAsync(Csv)).Take(Enumerable.Range(0, 600).ToArray());
        var batch = model.Score(table);
        var served = model.Score(Enumerable.Range(0, table.RowCount).Select(r => JsonRow(table, r)).ToList());
        Assert.DoesNotContain(served.Warnings, w => w.Contains("senior_citizen"));
        var seniors = table["senior_citizen"].FormatAll();
        var moved = 0;
        for (var r = 0; r < table.RowCount; r++)
        {
            var (b, s) = (batch.Predictions[r], served.Predictions[r]);
            Assert.Equal(b?.Label, s?.Label);
            if (b is null) continue;
            var p = b.Probabilities!["Yes"];
            Assert.Equal(p > thresholds.For(seniors[r]) ? "Yes" : "No", b.Label);
            if ((p > thresholds.Global) != (b.Label == "Yes")) moved++;
        }
        Assert.True(moved > 0, "no row's decision differs from the global threshold's");

        // Without the group column a row keeps the global threshold's decision.
        var withoutGroup = model.Score(table.Without(["senior_citizen"]));
        Assert.All(withoutGroup.Predictions.Where(p => p is not null), p => Assert.Equal(p!.Probabilities!["Yes"] > thresholds.Global ? "Yes" : "No", p.Label));
    }

    [Fact]
    public async Task CheckAsync_fairness_column_that_is_not_sensitive_is_a_spec_error()
    {
        var spec = SpecLoader.Load(_folder.Write("bad.yaml",
            $"name: churn\ndata:\n  path: {Csv}\n  target: churn\n  sensitive: [female]\ntrain:\n  algorithms: [linear]\n  fairness: {{ thresholds: equal_opportunity, column: senior_citizen }}\n"));

        var e = await Assert.ThrowsAsync<MLCycleException>(() => PipelinePreflight.CheckAsync(spec));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("'train.fairness.column'", e.Message);
        Assert.Contains("not in 'data.sensitive' (female)", e.Message);
    }

    [Fact]
    public void Load_unknown_fairness_rate_names_the_choices()
    {
        var e = Assert.Throws<MLCycleException>(() => SpecLoader.Load(_folder.Write("rate.yaml",
            $"name: churn\ndata:\n  path: {Csv}\n  target: churn\ntrain:\n  fairness: {{ thresholds: equal_odds, column: female }}\n")));

        Assert.Contains("expected equal_opportunity or demographic_parity", e.Message);
    }

    private static Dictionary<string, JsonElement> JsonRow(Table table, int row) => table.Columns.ToDictionary(c => c.Name, c =>
        JsonSerializer.SerializeToElement<object?>(c.IsMissing(row) ? null
            : c.Kind == ColumnKind.Boolean ? c.Numbers![row] != 0
            : c.Numbers is { } numbers ? numbers[row]
            : c.Strings![row]));
}
