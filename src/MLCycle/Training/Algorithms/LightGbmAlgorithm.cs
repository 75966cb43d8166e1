using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace MLCycle.Training.Algorithms;

/// <summary>Gradient-boosted trees by LightGBM, with modest defaults (100 rounds, 31 leaves, learning rate 0.1).</summary>
internal sealed class LightGbmAlgorithm : MLNetAlgorithm
{
    // LightGBM's OpenMP threads spin while waiting; on small machines one per two cores trains several times faster.
    private static readonly int Threads = Math.Max(1, Environment.ProcessorCount / 2);

    public override string Name => "lightgbm";

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, TaskKind task, int rows, string? weightColumn) => task switch
    {
        TaskKind.Binary => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = 100, NumberOfLeaves = 31, LearningRate = 0.1, MinimumExampleCountPerLeaf = MinLeaf(rows), Seed = 1, NumberOfThreads = Threads,
            ExampleWeightColumnName = weightColumn,
        }),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
        {
            NumberOfIterations = 100, NumberOfLeaves = 31, LearningRate = 0.1, MinimumExampleCountPerLeaf = MinLeaf(rows), Seed = 1, NumberOfThreads = Threads,
            ExampleWeightColumnName = weightColumn,
        }),
        _ => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            NumberOfIterations = 100, NumberOfLeaves = 31, LearningRate = 0.1, MinimumExampleCountPerLeaf = MinLeaf(rows), Seed = 1, NumberOfThreads = Threads,
            ExampleWeightColumnName = weightColumn,
        }),
    };
}
