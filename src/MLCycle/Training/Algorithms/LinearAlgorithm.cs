using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace MLCycle.Training.Algorithms;

/// <summary>Linear models by SDCA: logistic regression, maximum entropy, least squares. One thread, so runs repeat exactly.</summary>
internal sealed class LinearAlgorithm : MLNetAlgorithm
{
    public override string Name => "linear";

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn) => task switch
    {
        TaskKind.Binary => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1, ExampleWeightColumnName = weightColumn }),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1, ExampleWeightColumnName = weightColumn }),
        _ => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1, ExampleWeightColumnName = weightColumn }),
    };
}
