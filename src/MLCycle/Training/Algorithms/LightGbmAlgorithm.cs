using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace MLCycle.Training.Algorithms;

/// <summary>Gradient-boosted trees by LightGBM, with modest defaults (100 rounds, 31 leaves, learning rate 0.1).</summary>
internal sealed class LightGbmAlgorithm : MLNetAlgorithm
{
    // LightGBM's OpenMP threads spin while waiting; on small machines one per two cores trains several times faster.
    private static readonly int Threads = Math.Max(1, Environment.ProcessorCount / 2);

    public override AlgorithmDescriptor Descriptor { get; } = new()
    {
        Name = "lightgbm",
        Description = "Gradient-boosted trees by LightGBM: strong on most tables, fast on wide ones.",
        Tasks = [TaskKind.Binary, TaskKind.Multiclass, TaskKind.Regression],
        // Null defaults are chosen from the data: leaf size from the row count, feature fraction from the width.
        Hyperparameters =
        [
            new("number_of_iterations", 100, 20, 1000) { Integer = true, LogScale = true },
            new("number_of_leaves", 31, 4, 256) { Integer = true, LogScale = true },
            new("learning_rate", 0.1, 0.005, 0.5) { LogScale = true },
            new("minimum_example_count_per_leaf", null, 2, 100) { Integer = true, LogScale = true },
            new("feature_fraction", null, 0.3, 1),
        ],
    };

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn, HyperparameterValues values) => task switch
    {
        TaskKind.Binary => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = values.Int("number_of_iterations"), NumberOfLeaves = values.Int("number_of_leaves"), LearningRate = values.Double("learning_rate"),
            MinimumExampleCountPerLeaf = values.Int("minimum_example_count_per_leaf", MinLeaf(rows)), Seed = 1, NumberOfThreads = Threads,
            ExampleWeightColumnName = weightColumn, Booster = Booster(inputs, values),
            MaximumBinCountPerFeature = WideFeatureRule.MaximumBins(inputs),
        }),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
        {
            NumberOfIterations = values.Int("number_of_iterations"), NumberOfLeaves = values.Int("number_of_leaves"), LearningRate = values.Double("learning_rate"),
            MinimumExampleCountPerLeaf = values.Int("minimum_example_count_per_leaf", MinLeaf(rows)), Seed = 1, NumberOfThreads = Threads,
            ExampleWeightColumnName = weightColumn, Booster = Booster(inputs, values),
            MaximumBinCountPerFeature = WideFeatureRule.MaximumBins(inputs),
        }),
        _ => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            NumberOfIterations = values.Int("number_of_iterations"), NumberOfLeaves = values.Int("number_of_leaves"), LearningRate = values.Double("learning_rate"),
            MinimumExampleCountPerLeaf = values.Int("minimum_example_count_per_leaf", MinLeaf(rows)), Seed = 1, NumberOfThreads = Threads,
            ExampleWeightColumnName = weightColumn, Booster = Booster(inputs, values),
            MaximumBinCountPerFeature = WideFeatureRule.MaximumBins(inputs),
        }),
    };

    // With FeatureFraction 1 this is LightGBM's default booster, so narrow data trains exactly as before.
    private static GradientBooster.Options Booster(int inputs, HyperparameterValues values) =>
        new() { FeatureFraction = values.Double("feature_fraction", WideFeatureRule.FeatureFraction(inputs)) };
}
