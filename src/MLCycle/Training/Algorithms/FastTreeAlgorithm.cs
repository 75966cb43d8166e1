using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace MLCycle.Training.Algorithms;

/// <summary>ML.NET's FastTree boosted trees; multiclass is one-versus-all over binary FastTree, which ML.NET lacks natively.</summary>
internal sealed class FastTreeAlgorithm : MLNetAlgorithm
{
    public override string Name => "fasttree";

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn) => task switch
    {
        TaskKind.Binary => Binary(ml, rows, inputs, weightColumn),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.OneVersusAll(Binary(ml, rows, inputs, weightColumn)),
        _ => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            NumberOfTrees = 100, NumberOfLeaves = 20, LearningRate = 0.2, MinimumExampleCountPerLeaf = MinLeaf(rows), ExampleWeightColumnName = weightColumn,
            FeatureFraction = WideFeatureRule.FeatureFraction(inputs), MaximumBinCountPerFeature = WideFeatureRule.MaximumBins(inputs),
        }),
    };

    private static FastTreeBinaryTrainer Binary(MLContext ml, int rows, int inputs, string? weightColumn) =>
        ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = 100, NumberOfLeaves = 20, LearningRate = 0.2, MinimumExampleCountPerLeaf = MinLeaf(rows), ExampleWeightColumnName = weightColumn,
            FeatureFraction = WideFeatureRule.FeatureFraction(inputs), MaximumBinCountPerFeature = WideFeatureRule.MaximumBins(inputs),
        });
}
