using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace MLCycle.Training.Algorithms;

/// <summary>Linear models by SDCA: logistic regression, maximum entropy, least squares. One thread, so runs repeat exactly.</summary>
/// <param name="name">The name it was asked for by: <c>sdca</c>, or <c>linear</c> from older specs, which results keep.</param>
internal sealed class SdcaAlgorithm(string name = "sdca") : MLNetAlgorithm
{
    public static readonly AlgorithmDescriptor Info = new()
    {
        Name = "sdca",
        Description = "Linear models by SDCA: logistic regression, maximum entropy, least squares.",
        Tasks = [TaskKind.Binary, TaskKind.Multiclass, TaskKind.Regression],
        Aliases = ["linear"],
        // SDCA picks its regularisation and number of passes from the data unless told.
        Hyperparameters =
        [
            new("l2_regularization", null, 1e-6, 1) { LogScale = true },
            new("l1_regularization", null, 0, 1),
            new("maximum_number_of_iterations", null, 5, 200) { Integer = true, LogScale = true },
        ],
    };

    public override string Name => name;

    public override AlgorithmDescriptor Descriptor => Info;

    // Unset values stay null, so SDCA still picks its regularisation and passes from the data as it always did.
    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn, HyperparameterValues values) => task switch
    {
        TaskKind.Binary => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
        {
            NumberOfThreads = 1, ExampleWeightColumnName = weightColumn, L2Regularization = values.Optional("l2_regularization"),
            L1Regularization = values.Optional("l1_regularization"), MaximumNumberOfIterations = Iterations(values),
        }),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
        {
            NumberOfThreads = 1, ExampleWeightColumnName = weightColumn, L2Regularization = values.Optional("l2_regularization"),
            L1Regularization = values.Optional("l1_regularization"), MaximumNumberOfIterations = Iterations(values),
        }),
        _ => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
        {
            NumberOfThreads = 1, ExampleWeightColumnName = weightColumn, L2Regularization = values.Optional("l2_regularization"),
            L1Regularization = values.Optional("l1_regularization"), MaximumNumberOfIterations = Iterations(values),
        }),
    };

    private static int? Iterations(HyperparameterValues values) => values.Optional("maximum_number_of_iterations") is { } n ? (int)Math.Round(n) : null;
}
