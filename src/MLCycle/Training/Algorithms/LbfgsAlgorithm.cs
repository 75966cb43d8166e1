using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace MLCycle.Training.Algorithms;

/// <summary>Logistic regression (binary) and maximum entropy (multiclass) by L-BFGS, with L1 and L2 penalties. One thread, so runs repeat exactly.</summary>
internal sealed class LbfgsAlgorithm : MLNetAlgorithm
{
    internal const double L1 = 1;
    internal const double L2 = 1;

    public override AlgorithmDescriptor Descriptor { get; } = new()
    {
        Name = "lbfgs",
        Description = "Logistic regression (binary) and maximum entropy (multiclass) by L-BFGS, L1 and L2 penalised.",
        Tasks = [TaskKind.Binary, TaskKind.Multiclass],
        Hyperparameters =
        [
            new("l2_regularization", L2, 1e-4, 10) { LogScale = true },
            new("l1_regularization", L1, 0, 10),
        ],
    };

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn, HyperparameterValues values) => task switch
    {
        TaskKind.Binary => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            L1Regularization = (float)values.Double("l1_regularization"), L2Regularization = (float)values.Double("l2_regularization"), NumberOfThreads = 1, ExampleWeightColumnName = weightColumn,
        }),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            L1Regularization = (float)values.Double("l1_regularization"), L2Regularization = (float)values.Double("l2_regularization"), NumberOfThreads = 1, ExampleWeightColumnName = weightColumn,
        }),
        // The catalog refuses unsupported tasks before training; Poisson regression is its own entry, "poisson".
        _ => throw new InvalidOperationException($"lbfgs does not train {task}."),
    };
}
