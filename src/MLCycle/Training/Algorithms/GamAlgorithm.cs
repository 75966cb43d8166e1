using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace MLCycle.Training.Algorithms;

/// <summary>
/// A generalised additive model by ML.NET: one shape function per feature, so each feature's effect can be read on
/// its own. ML.NET has no multiclass GAM; the binary one is calibrated by the trainer itself.
/// </summary>
internal sealed class GamAlgorithm : MLNetAlgorithm
{
    // ML.NET's defaults (9,500 rounds at 0.002) take seconds per fit; ten times fewer, ten times larger steps go as far.
    private const int Iterations = 1000;
    private const double LearningRate = 0.02;
    private const int Bins = 255;

    public override AlgorithmDescriptor Descriptor { get; } = new()
    {
        Name = "gam",
        Description = "Generalised additive model by ML.NET: one boosted shape per feature, readable feature by feature.",
        Tasks = [TaskKind.Binary, TaskKind.Regression],
        // The leaf size is chosen from the row count.
        Hyperparameters =
        [
            new("number_of_iterations", Iterations, 100, 10000) { Integer = true, LogScale = true },
            new("learning_rate", LearningRate, 0.001, 0.2) { LogScale = true },
            new("maximum_bin_count_per_feature", Bins, 16, 1024) { Integer = true, LogScale = true },
            new("minimum_example_count_per_leaf", null, 2, 100) { Integer = true, LogScale = true },
        ],
    };

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn, HyperparameterValues values) => task switch
    {
        TaskKind.Binary => ml.BinaryClassification.Trainers.Gam(new GamBinaryTrainer.Options
        {
            NumberOfIterations = values.Int("number_of_iterations"), LearningRate = values.Double("learning_rate"),
            MaximumBinCountPerFeature = values.Int("maximum_bin_count_per_feature"), MinimumExampleCountPerLeaf = values.Int("minimum_example_count_per_leaf", MinLeaf(rows)),
            ExampleWeightColumnName = weightColumn,
        }),
        TaskKind.Regression => ml.Regression.Trainers.Gam(new GamRegressionTrainer.Options
        {
            NumberOfIterations = values.Int("number_of_iterations"), LearningRate = values.Double("learning_rate"),
            MaximumBinCountPerFeature = values.Int("maximum_bin_count_per_feature"), MinimumExampleCountPerLeaf = values.Int("minimum_example_count_per_leaf", MinLeaf(rows)),
            ExampleWeightColumnName = weightColumn,
        }),
        // The catalog refuses unsupported tasks before training; reaching here is a bug in the catalog, not in a spec.
        _ => throw new InvalidOperationException($"gam does not train {task}."),
    };
}
