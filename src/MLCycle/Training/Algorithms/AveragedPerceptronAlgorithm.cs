using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace MLCycle.Training.Algorithms;

/// <summary>
/// The averaged perceptron (binary only). Its scores are margins, so Platt scaling follows; it cannot weigh rows, so
/// a spec with population weights is refused rather than trained as if unweighted.
/// </summary>
internal sealed class AveragedPerceptronAlgorithm : MLNetAlgorithm
{
    // ML.NET's default is one pass over the data; ten settle the averaged weights on small tables.
    private const int Iterations = 10;
    private const double LearningRate = 1;
    private const double L2 = 0;

    public override AlgorithmDescriptor Descriptor { get; } = new()
    {
        Name = "averaged_perceptron",
        Description = "Averaged perceptron: a fast linear classifier, Platt-calibrated; binary only, no sample weights.",
        Tasks = [TaskKind.Binary],
        TakesWeights = false,
        Hyperparameters =
        [
            new("number_of_iterations", Iterations, 1, 100) { Integer = true, LogScale = true },
            new("learning_rate", LearningRate, 0.01, 10) { LogScale = true },
            new("l2_regularization", L2, 0, 0.1),
        ],
    };

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn, HyperparameterValues values) =>
        WithPlatt(ml, ml.BinaryClassification.Trainers.AveragedPerceptron(new AveragedPerceptronTrainer.Options
        {
            NumberOfIterations = values.Int("number_of_iterations"), LearningRate = (float)values.Double("learning_rate"), L2Regularization = (float)values.Double("l2_regularization"),
        }), weightColumn: null);
}
