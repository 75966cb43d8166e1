using MLCycle.Training.Neural;

namespace MLCycle.Tests.Training.Neural;

public class MlpTrainerTests
{
    [Fact]
    public void Fit_xor_classifies_all_four_corners()
    {
        var (features, targets) = Xor(copies: 64, seed: 1);
        var options = new MlpOptions { HiddenLayers = [16], BatchSize = 32, MaxEpochs = 150, LearningRate = 0.01f, ValidationFraction = 0, Seed = 3 };

        var network = MlpTrainer.Fit(features, targets, 2, TaskKind.Binary, options).Network;

        var output = new float[1];
        foreach (var (a, b) in new[] { (0f, 0f), (0f, 1f), (1f, 0f), (1f, 1f) })
        {
            network.Predict([a, b], output);
            Assert.Equal((a != b) ? 1 : 0, output[0] > 0.5f ? 1 : 0);
        }
    }

    [Fact]
    public void Fit_noisy_sine_predicts_the_clean_curve_within_rmse_0_05()
    {
        var random = new Random(7);
        var x = Enumerable.Range(0, 2000).Select(_ => (float)((random.NextDouble() * 2 - 1) * Math.PI)).ToArray();
        var y = x.Select(v => (float)(Math.Sin(v) + 0.1 * Gaussian(random))).ToArray();
        var options = new MlpOptions { HiddenLayers = [64, 64], BatchSize = 64, MaxEpochs = 200, LearningRate = 3e-3f, Patience = 20, Seed = 2 };

        var fit = MlpTrainer.Fit(x, y, 1, TaskKind.Regression, options);

        var grid = Enumerable.Range(0, 200).Select(i => (float)(-Math.PI + 2 * Math.PI * (i + 0.5) / 200)).ToArray();
        var predicted = fit.Network.PredictBatch(grid);
        var rmse = Math.Sqrt(grid.Select((v, i) => Math.Pow(predicted[i] - Math.Sin(v), 2)).Average());
        Assert.InRange(rmse, 0, 0.05);
    }

    [Fact]
    public void Fit_same_seed_twice_gives_identical_weights_and_another_seed_differs()
    {
        var (features, targets) = Blobs(rows: 600, seed: 4);
        var options = new MlpOptions { HiddenLayers = [32, 16], Dropout = 0.2f, Normalization = MlpNormalization.Batch, MaxEpochs = 5, BatchSize = 200, Seed = 11 };

        var first = MlpTrainer.Fit(features, targets, 5, TaskKind.Multiclass, options);
        var second = MlpTrainer.Fit(features, targets, 5, TaskKind.Multiclass, options);
        var other = MlpTrainer.Fit(features, targets, 5, TaskKind.Multiclass, options with { Seed = 12 });

        Assert.Equal(first.Network.Parameters, second.Network.Parameters);
        Assert.Equal(first.Network.State, second.Network.State);
        Assert.Equal(first.TrainingLoss, second.TrainingLoss);
        Assert.NotEqual(first.Network.Parameters, other.Network.Parameters);
    }

    [Theory]
    [InlineData(MlpNormalization.None, MlpActivation.Relu)]
    [InlineData(MlpNormalization.Layer, MlpActivation.Gelu)]
    [InlineData(MlpNormalization.Batch, MlpActivation.Relu)]
    public void Fit_three_blobs_is_accurate_and_stops_early(MlpNormalization normalization, MlpActivation activation)
    {
        var (features, targets) = Blobs(rows: 900, seed: 5);
        var options = new MlpOptions { Normalization = normalization, Activation = activation, Dropout = 0.1f, MaxEpochs = 300, Patience = 5, BatchSize = 128, Seed = 6 };

        var fit = MlpTrainer.Fit(features, targets, 5, TaskKind.Multiclass, options);

        var probabilities = fit.Network.PredictBatch(features);
        var correct = Enumerable.Range(0, targets.Length).Count(r => ArgMax(probabilities.AsSpan(r * 3, 3)) == (int)targets[r]);
        Assert.InRange(correct / (double)targets.Length, 0.95, 1);
        Assert.Equal(fit.BestEpoch + 5, fit.Epochs); // stopped after 5 epochs without a better validation loss
        Assert.Equal(fit.Epochs, fit.ValidationLoss.Count);
        Assert.Equal(fit.ValidationLoss.Min(), fit.ValidationLoss[fit.BestEpoch - 1]);
    }

    [Fact]
    public void Fit_a_missing_feature_value_names_its_row_and_feature()
    {
        float[] features = [1, 2, 3, float.NaN];

        var error = Assert.Throws<MLCycleException>(() => MlpTrainer.Fit(features, [0f, 1f], 2, TaskKind.Binary));

        Assert.Equal(ErrorKind.BadData, error.Kind);
        Assert.Contains("Row 1, feature 1 is NaN", error.Message);
    }

    [Fact]
    public void Fit_a_binary_target_other_than_0_or_1_is_refused_with_its_row()
    {
        var error = Assert.Throws<MLCycleException>(() => MlpTrainer.Fit([1f, 2f, 3f], [0f, 1f, 2f], 1, TaskKind.Binary));

        Assert.Equal(ErrorKind.BadData, error.Kind);
        Assert.Contains("Row 2: the binary target must be 0 or 1; found 2", error.Message);
    }

    [Fact]
    public void Fit_dropout_of_one_is_refused_as_a_bad_spec()
    {
        var error = Assert.Throws<MLCycleException>(() => MlpTrainer.Fit([1f, 2f], [0f, 1f], 1, TaskKind.Binary, new MlpOptions { Dropout = 1 }));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("dropout", error.Message);
    }

    internal static (float[] Features, float[] Targets) Xor(int copies, int seed)
    {
        var random = new Random(seed);
        var features = new List<float>();
        var targets = new List<float>();
        for (var i = 0; i < copies; i++)
        {
            foreach (var (a, b) in new[] { (0, 0), (0, 1), (1, 0), (1, 1) })
            {
                features.Add(a + (float)(random.NextDouble() - 0.5) * 0.1f);
                features.Add(b + (float)(random.NextDouble() - 0.5) * 0.1f);
                targets.Add(a ^ b);
            }
        }
        return ([.. features], [.. targets]);
    }

    /// <summary>Three Gaussian clusters in five dimensions, a unit apart per axis, in raw units far from standardised.</summary>
    internal static (float[] Features, float[] Targets) Blobs(int rows, int seed)
    {
        var random = new Random(seed);
        var features = new float[rows * 5];
        var targets = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var label = r % 3;
            targets[r] = label;
            for (var c = 0; c < 5; c++) features[r * 5 + c] = (float)(100 * (c + 1) + 30 * (c + 1) * (label * (c % 2 == 0 ? 1 : -1) + 0.35 * Gaussian(random)));
        }
        return (features, targets);
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
