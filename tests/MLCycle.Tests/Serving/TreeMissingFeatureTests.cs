using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Serving;

namespace MLCycle.Tests.Serving;

/// <summary>
/// Rows whose prepared features hold a NaN are scored by ML.NET's engines (ADR 0056), mixed in a batch with rows the trees walk,
/// in small batches and in large ones cut into slices predicted in parallel: every prediction is ML.NET's, to the bit, in the
/// rows' order. Saved chains impute a missing number before the trees, and a constant column (the one way scaling makes a NaN of
/// an infinity) is never split on; so the NaN reaches a split feature here through the package's chain without its imputer.
/// </summary>
public sealed class TreeMissingFeatureTests(OnnxModelsFixture models) : IClassFixture<OnnxModelsFixture>
{
    [Theory]
    [InlineData("binary-lightgbm", 150)]
    [InlineData("binary-lightgbm", 2_500)]
    [InlineData("regression-fasttree", 150)]
    [InlineData("regression-fasttree", 2_500)]
    public async Task Rows_with_a_NaN_feature_get_mlnets_predictions_in_their_order(string name, int count)
    {
        var (directory, outcome) = models[name];
        using var model = await ScoringModel.LoadAsync(directory);
        var stages = ((TransformerChain<ITransformer>)model.Model).ToArray();
        // The saved chain is (preparation chain, trees); the preparation's stages again without its imputer.
        var preparation = ((TransformerChain<ITransformer>)stages[0]).ToArray();
        var unimputed = new TransformerChain<ITransformer>(
            new TransformerChain<ITransformer>([.. preparation.Where(s => s is not MissingValueReplacingTransformer)]), stages[1]);
        Assert.Equal(2, stages.Length);
        Assert.Single(preparation, s => s is MissingValueReplacingTransformer);
        using var whole = EnginePool.CreateWhole(model.Context, unimputed, model.InputSchema, model.Task, model.Classes, model.Threshold);
        using var pool = TreeEnginePool.TryCreate(model.Context, unimputed, model.InputSchema, model.Task, model.Classes, model.Threshold,
            EnginePool.CreateWhole(model.Context, unimputed, model.InputSchema, model.Task, model.Classes, model.Threshold));
        Assert.NotNull(pool);
        var features = EncodedRows.Of(model, Mixed(outcome.TestSet, count));

        var expected = new ScoredPredictions(count, model.Classes);
        whole.Predict(features, expected, 0, count);
        var walked = new ScoredPredictions(count, model.Classes);
        // As ScoringModel predicts a large batch: slices (here not a multiple of the walk's 64-row blocks) on parallel threads.
        var chunk = count < 2_048 ? count : (count + 2) / 3;
        Parallel.For(0, (count + chunk - 1) / chunk, c => pool.Predict(features, walked, c * chunk, Math.Min(count, (c + 1) * chunk)));

        Assert.Equal(Enumerable.Range(0, count).Count(i => i % 3 == 1 || i % 4 == 2), NaNRows(model, unimputed, features));
        for (var i = 0; i < count; i++) Assert.Equal(Show(expected[i]), Show(walked[i]));
        Assert.Equal(Show(expected[1]), Show(pool.Predict(features[1]!)));
    }

    // The test rows over and over; every third row (from the second) has no duration, every fourth (from the third) no age.
    private static Table Mixed(Table test, int count)
    {
        var table = test.Take(Enumerable.Range(0, count).Select(i => i % test.RowCount).ToList());
        var columns = table.Columns.Select(c => c.Numbers is null ? c : TableColumn.FromNumbers(c.Info, (double[])c.Numbers.Clone())).ToList();
        var duration = columns.First(c => c.Name == "duration").Numbers!;
        var age = columns.First(c => c.Name == "age").Numbers!;
        for (var i = 0; i < count; i++)
        {
            if (i % 3 == 1) duration[i] = double.NaN;
            if (i % 4 == 2) age[i] = double.NaN;
        }
        return new Table(columns);
    }

    // The rows whose prepared features hold a NaN, prepared by ML.NET's own chain without the trees.
    private static int NaNRows(ScoringModel model, TransformerChain<ITransformer> chain, FeatureRow?[] rows)
    {
        var stages = chain.ToArray();
        using var engine = model.Context.Model.CreatePredictionEngine<FeatureRow, NetworkEnginePool.FeaturesOutput>(
            new TransformerChain<ITransformer>(stages[..^1]), ignoreMissingColumns: true, inputSchemaDefinition: model.InputSchema);
        return rows.Count(r => r is not null && engine.Predict(r).Features.DenseValues().Any(float.IsNaN));
    }

    private static string Show(Prediction? p) => p is null ? "null"
        : $"{p.Label}|{p.Value?.ToString("R")}|{string.Join(",", p.Probabilities?.Select(kv => $"{kv.Key}={kv.Value:R}") ?? [])}";
}
