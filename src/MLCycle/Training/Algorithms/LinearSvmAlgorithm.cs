using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace MLCycle.Training.Algorithms;

/// <summary>A linear support vector machine by Pegasos (binary only). Its scores are margins, so Platt scaling follows.</summary>
internal sealed class LinearSvmAlgorithm : MLNetAlgorithm
{
    // ML.NET's default is one pass over the data; ten converge on small tables.
    private const int Iterations = 10;
    private const double Lambda = 0.001;

    public override AlgorithmDescriptor Descriptor { get; } = new()
    {
        Name = "linear_svm",
        Description = "Linear support vector machine (Pegasos), Platt-calibrated; binary only.",
        Tasks = [TaskKind.Binary],
        Hyperparameters =
        [
            new("lambda", Lambda, 1e-5, 1) { LogScale = true },
            new("number_of_iterations", Iterations, 1, 100) { Integer = true, LogScale = true },
        ],
    };

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn, HyperparameterValues values) =>
        WithPlatt(ml, ml.BinaryClassification.Trainers.LinearSvm(new LinearSvmTrainer.Options
        {
            NumberOfIterations = values.Int("number_of_iterations"), Lambda = (float)values.Double("lambda"), ExampleWeightColumnName = weightColumn,
        }), weightColumn);
}
