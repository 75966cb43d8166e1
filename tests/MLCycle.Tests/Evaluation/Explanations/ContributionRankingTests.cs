using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Evaluation.Explanations;
using MLCycle.Preparation;
using MLCycle.Tests.Training;
using MLCycle.Training;

namespace MLCycle.Tests.Evaluation.Explanations;

/// <summary>On a seeded synthetic table whose label depends strongly on one column, that column gets the largest mean |contribution|.</summary>
public class ContributionRankingTests
{
    [Theory]
    [InlineData("lightgbm", "tree_shap")]
    [InlineData("sdca", "linear")]
    [InlineData("mlp", "sampling")]
    public void Explain_label_driven_by_one_column_ranks_that_column_first(string algorithm, string method)
    {
        var data = Synthetic(600, seed: 11);
        var outcome = new ModelTrainer().Train(new TrainingRequest { Data = data, Target = "y", Task = TaskKind.Regression, Algorithms = [algorithm], Folds = 2 });
        var model = outcome.Model;
        var basis = ExplanationBasis.Create(model, model.TrainingRows!);
        var rows = new FeatureEncoder(model.Layout).Encode(outcome.TestSet).Take(60).ToArray();

        var explanations = Explain(model, basis, rows);

        Assert.All(explanations, e => Assert.Equal(method, e.Method));
        var meanAbs = Enumerable.Range(0, model.Inputs.Count).Select(i => explanations.Average(e => Math.Abs(e.Contributions[i]))).ToArray();
        var strongest = model.Inputs[Array.IndexOf(meanAbs, meanAbs.Max())].Name;
        Assert.Equal("strong", strongest);
        // The strong column moves predictions several times more than the pure-noise one.
        Assert.True(meanAbs[0] > 3 * meanAbs[2], $"mean |contribution|: {string.Join(", ", meanAbs)}");
    }

    private static List<Explanation> Explain(TrainedModel model, ExplanationBasis basis, FeatureRow[] rows)
    {
        if (model.Network is null && ExactExplainer.Create(model.Transformer, model.Layout, model.Task, basis) is { } exact)
        {
            var features = model.Transformer.Transform(model.Context.Data.LoadFromEnumerable(rows, model.Layout.CreateSchema()))
                .GetColumn<float[]>(PreparationChain.FeaturesColumn).ToArray();
            return features.Select(f => exact.Explain(f)).ToList();
        }
        var sampling = new SamplingShapley(model.Layout, basis.Background);
        return rows.Select(r => sampling.Explain(r, batch => model.Predict(batch).Select(p => p.Value!.Value).ToArray(), "value")).ToList();
    }

    // y = 10·strong + 1·weak + noise; "noise" and "colour" play no part.
    private static Table Synthetic(int rows, int seed)
    {
        var random = new Random(seed);
        var strong = new double[rows];
        var weak = new double[rows];
        var noise = new double[rows];
        var colour = new string?[rows];
        var y = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            strong[r] = random.NextDouble() * 4;
            weak[r] = random.NextDouble() * 4;
            noise[r] = random.NextDouble() * 4;
            colour[r] = random.Next(3) switch { 0 => "red", 1 => "green", _ => "blue" };
            y[r] = 10 * strong[r] + weak[r] + random.NextDouble() * 0.5;
        }
        return new Table([
            SyntheticTables.Numbers("strong", strong), SyntheticTables.Numbers("weak", weak), SyntheticTables.Numbers("noise", noise),
            SyntheticTables.Strings("colour", colour), SyntheticTables.Numbers("y", y),
        ]);
    }
}
