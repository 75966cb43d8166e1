using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Serving;

namespace MLCycle.Tests.Serving;

/// <summary>
/// Packages of LightGBM and FastTree trees are scored by walking their trees (ADR 0056), and every prediction is the one ML.NET's
/// own engines give, to the last bit: on the test rows and on rows of extreme and boundary numbers.
/// </summary>
public sealed class TreeEnginePoolTests(OnnxModelsFixture models) : IClassFixture<OnnxModelsFixture>
{
    [Theory]
    [InlineData("binary-lightgbm")]
    [InlineData("binary-fasttree")]
    [InlineData("regression-lightgbm")]
    [InlineData("regression-fasttree")]
    public async Task Tree_packages_walk_their_trees_and_predict_exactly_what_mlnet_engines_predict(string name)
    {
        var (directory, outcome) = models[name];
        using var model = await ScoringModel.LoadAsync(directory);
        Assert.NotNull(Assert.IsType<TreeEnginePool>(model.Engines).Preparation);
        using var whole = EnginePool.CreateWhole(model.Context, model.Model, model.InputSchema, model.Task, model.Classes, model.Threshold);

        var rows = Concat(outcome.TestSet, Extremes(outcome.TestSet, model.Manifest.Inputs.Select(i => i.Name).ToHashSet()));
        var features = EncodedRows.Of(model, rows);
        var walked = new ScoredPredictions(features.Length, model.Classes);
        var engines = new ScoredPredictions(features.Length, model.Classes);
        model.Engines.Predict(features, walked, 0, features.Length);
        whole.Predict(features, engines, 0, features.Length);

        Assert.True(features.Length > outcome.TestSet.RowCount, "the extreme rows were encoded too");
        for (var i = 0; i < features.Length; i++) Assert.Equal(Show(engines[i]), Show(walked[i]));
        // Both keep the test rows as numbers, not as a prediction object per row (ADR 0075).
        Assert.All(Enumerable.Range(0, outcome.TestSet.RowCount), i => Assert.True(walked.TryGetBinary(i, out _, out _) || walked.TryGetNumber(i, out _)));
        Assert.All(Enumerable.Range(0, outcome.TestSet.RowCount), i => Assert.True(engines.TryGetBinary(i, out _, out _) || engines.TryGetNumber(i, out _)));
    }

    [Theory]
    [InlineData("binary-linear")]
    [InlineData("regression-linear")]
    [InlineData("multiclass-lightgbm")]
    public async Task Other_packages_keep_mlnet_engines(string name)
    {
        using var model = await ScoringModel.LoadAsync(models[name].Directory);
        Assert.IsNotType<TreeEnginePool>(model.Engines);
    }

    [Fact]
    public async Task The_load_check_refuses_a_walk_that_differs_from_mlnet()
    {
        // The same data and features, two learners: LightGBM's trees walked must not pass for FastTree's predictor.
        using var lightgbm = await ScoringModel.LoadAsync(models["binary-lightgbm"].Directory);
        using var fasttree = await ScoringModel.LoadAsync(models["binary-fasttree"].Directory);
        var scorer = ((TreeEnginePool)lightgbm.Engines).Scorer;

        Assert.True(TreeWalkCheck.Agrees(lightgbm.Context, ((TransformerChain<ITransformer>)lightgbm.Model).Last(), scorer));
        Assert.False(TreeWalkCheck.Agrees(fasttree.Context, ((TransformerChain<ITransformer>)fasttree.Model).Last(), scorer));
    }

    // Each numeric input in turn set to values at and past float's range and at its smallest steps, the rest of the row kept.
    private static Table Extremes(Table test, IReadOnlySet<string> inputs)
    {
        double[] values = [1e308, -1e308, 3.4028235e38, -3.4028235e38, 1e-45, -0.0, 0, 1e6, -1e6];
        var numeric = test.Columns.Where(c => c.Numbers is not null && inputs.Contains(c.Name)).ToList();
        var picks = numeric.SelectMany(_ => values).Select((_, i) => i % test.RowCount).ToList();
        var table = test.Take(picks);
        var row = 0;
        var columns = table.Columns.Select(c => c.Numbers is null ? c : TableColumn.FromNumbers(c.Info, (double[])c.Numbers.Clone())).ToList();
        foreach (var column in numeric)
        {
            var target = columns.First(c => c.Name == column.Name).Numbers!;
            foreach (var value in values) target[row++] = value;
        }
        return new Table(columns);
    }

    private static Table Concat(Table a, Table b) => new(a.Columns.Select(c =>
        c.Numbers is not null
            ? TableColumn.FromNumbers(c.Info, [.. c.Numbers, .. b[c.Name].Numbers!])
            : TableColumn.FromStrings(c.Info, [.. c.Strings!, .. b[c.Name].Strings!])).ToList());

    private static string Show(Prediction? p) => p is null ? "null"
        : $"{p.Label}|{p.Value?.ToString("R")}|{string.Join(",", p.Probabilities?.Select(kv => $"{kv.Key}={kv.Value:R}") ?? [])}";
}
