using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace MLCycle.Training.Algorithms;

/// <summary>ML.NET's FastTree boosted trees; multiclass is one-versus-all over binary FastTree, which ML.NET lacks natively.</summary>
internal sealed class FastTreeAlgorithm : MLNetAlgorithm
{
    public override AlgorithmDescriptor Descriptor { get; } = new()
    {
        Name = "fasttree",
        Description = "Gradient-boosted trees by ML.NET's FastTree (MART); multiclass is one-versus-all.",
        Tasks = [TaskKind.Binary, TaskKind.Multiclass, TaskKind.Regression],
        // Null defaults are chosen from the data: leaf size from the row count, feature fraction from the width.
        Hyperparameters =
        [
            new("number_of_trees", 100, 20, 1000) { Integer = true, LogScale = true },
            new("number_of_leaves", 20, 4, 256) { Integer = true, LogScale = true },
            new("learning_rate", 0.2, 0.005, 0.5) { LogScale = true },
            new("minimum_example_count_per_leaf", null, 2, 100) { Integer = true, LogScale = true },
            new("feature_fraction", null, 0.3, 1),
        ],
    };

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn, HyperparameterValues values) => task switch
    {
        TaskKind.Binary => Binary(ml, rows, inputs, weightColumn, values),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.OneVersusAll(Binary(ml, rows, inputs, weightColumn, values)),
        _ => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            NumberOfTrees = values.Int("number_of_trees"), NumberOfLeaves = values.Int("number_of_leaves"), LearningRate = values.Double("learning_rate"),
            MinimumExampleCountPerLeaf = values.Int("minimum_example_count_per_leaf", MinLeaf(rows)), ExampleWeightColumnName = weightColumn,
            FeatureFraction = values.Double("feature_fraction", WideFeatureRule.FeatureFraction(inputs)), MaximumBinCountPerFeature = WideFeatureRule.MaximumBins(inputs),
        }),
    };

    private static FastTreeBinaryTrainer Binary(MLContext ml, int rows, int inputs, string? weightColumn, HyperparameterValues values) =>
        ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = values.Int("number_of_trees"), NumberOfLeaves = values.Int("number_of_leaves"), LearningRate = values.Double("learning_rate"),
            MinimumExampleCountPerLeaf = values.Int("minimum_example_count_per_leaf", MinLeaf(rows)), ExampleWeightColumnName = weightColumn,
            FeatureFraction = values.Double("feature_fraction", WideFeatureRule.FeatureFraction(inputs)), MaximumBinCountPerFeature = WideFeatureRule.MaximumBins(inputs),
        });
}
