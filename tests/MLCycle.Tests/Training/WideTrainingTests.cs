using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Training;
using static MLCycle.Tests.Training.SyntheticTables;

namespace MLCycle.Tests.Training;

/// <summary>Data wider than <see cref="WideFeatureRule.Threshold"/> trains on the screened features, and the saved model serves raw rows.</summary>
public sealed class WideTrainingTests
{
    private const int Inputs = WideFeatureRule.Threshold + 100;

    // Numbers in [0, 1); the label is "yes" when the first two add to more than 1 (plus a little noise).
    private static Table Wide(int rows, int seed = 11)
    {
        var random = new Random(seed);
        var columns = Enumerable.Range(0, Inputs).Select(_ => new double[rows]).ToArray();
        var label = new string?[rows];
        for (var r = 0; r < rows; r++)
        {
            foreach (var c in columns) c[r] = Math.Round(random.NextDouble(), 3);
            label[r] = columns[0][r] + columns[1][r] + random.NextDouble() * 0.2 > 1.1 ? "yes" : "no";
        }
        return new Table([.. columns.Select((c, i) => Numbers($"n{i}", c)), Strings("label", label)]);
    }

    [Theory]
    [InlineData("lightgbm")]
    [InlineData("linear")]
    public void Train_wide_data_packages_a_model_whose_chain_keeps_the_screened_features_and_beats_the_baseline(string algorithm)
    {
        var outcome = new ModelTrainer().Train(new TrainingRequest
        {
            Data = Wide(600), Target = "label", Task = TaskKind.Binary, Algorithms = [algorithm, "baseline"], Folds = 2,
        });

        var model = outcome.Candidates.Single(c => c.Algorithm == algorithm);
        Assert.Equal(algorithm, outcome.Winner);
        Assert.True(model.Test["auc"] > 0.85, $"{algorithm} test auc {model.Test["auc"]}");
        var rows = new FeatureEncoder(outcome.Model.Layout).Encode(outcome.TestSet);
        var view = outcome.Model.Context.Data.LoadFromEnumerable(rows, outcome.Model.Layout.CreateSchema());
        var features = outcome.Model.Transformer.Transform(view).GetColumn<float[]>(PreparationChain.FeaturesColumn).First();
        Assert.Equal(WideFeatureRule.ScreenedFeatures, features.Length);

        // Saved and loaded in a fresh context, the model scores raw rows as the trained one does.
        using var zip = new MemoryStream();
        outcome.Model.Save(zip);
        zip.Position = 0;
        var loaded = new MLContext(seed: 1).Model.Load(zip, out _);
        var served = loaded.Transform(view).GetColumn<float>("Probability").ToArray();
        Assert.Equal(model.TestPredictions.Select(p => p.Probabilities![outcome.Classes[1]]), served.Select(p => (double)p), new ToleranceComparer(1e-6));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
