using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace MLCycle.Training.Algorithms;

/// <summary>
/// A random forest by ML.NET's FastForest. Its binary scores are vote fractions, not probabilities, so Platt scaling
/// follows; multiclass is one-versus-all over the binary forest, which calibrates each class the same way.
/// </summary>
internal sealed class FastForestAlgorithm : MLNetAlgorithm
{
    private const int Trees = 100;
    private const int Leaves = 20;
    private const double FeatureFraction = 0.7;

    public override AlgorithmDescriptor Descriptor { get; } = new()
    {
        Name = "fastforest",
        Description = "Random forest by ML.NET's FastForest: bagged trees, robust with little tuning; multiclass is one-versus-all.",
        Tasks = [TaskKind.Binary, TaskKind.Multiclass, TaskKind.Regression],
        // The leaf size is chosen from the row count.
        Hyperparameters =
        [
            new("number_of_trees", Trees, 20, 500) { Integer = true, LogScale = true },
            new("number_of_leaves", Leaves, 4, 256) { Integer = true, LogScale = true },
            new("minimum_example_count_per_leaf", null, 2, 100) { Integer = true, LogScale = true },
            new("feature_fraction", FeatureFraction, 0.3, 1),
        ],
    };

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn, HyperparameterValues values) => task switch
    {
        TaskKind.Binary => WithPlatt(ml, Binary(ml, rows, weightColumn, values), weightColumn),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.OneVersusAll(Binary(ml, rows, weightColumn, values)),
        _ => ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
        {
            NumberOfTrees = values.Int("number_of_trees"), NumberOfLeaves = values.Int("number_of_leaves"), FeatureFraction = values.Double("feature_fraction"),
            MinimumExampleCountPerLeaf = values.Int("minimum_example_count_per_leaf", MinLeaf(rows)),
            ExampleWeightColumnName = weightColumn,
        }),
    };

    private static FastForestBinaryTrainer Binary(MLContext ml, int rows, string? weightColumn, HyperparameterValues values) =>
        ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
        {
            NumberOfTrees = values.Int("number_of_trees"), NumberOfLeaves = values.Int("number_of_leaves"), FeatureFraction = values.Double("feature_fraction"),
            MinimumExampleCountPerLeaf = values.Int("minimum_example_count_per_leaf", MinLeaf(rows)),
            ExampleWeightColumnName = weightColumn,
        });
}
