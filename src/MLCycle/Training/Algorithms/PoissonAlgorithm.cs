using Microsoft.ML;
using Microsoft.ML.Trainers;
using MLCycle.Data;

namespace MLCycle.Training.Algorithms;

/// <summary>Poisson regression by L-BFGS: a log-linear model of counts or rates, so the target must be 0 or more.</summary>
internal sealed class PoissonAlgorithm : MLNetAlgorithm
{
    public override AlgorithmDescriptor Descriptor { get; } = new()
    {
        Name = "poisson",
        Description = "Poisson regression by L-BFGS, for counts and rates (target 0 or more); predictions are never negative.",
        Tasks = [TaskKind.Regression],
        Hyperparameters =
        [
            new("l2_regularization", LbfgsAlgorithm.L2, 1e-4, 10) { LogScale = true },
            new("l1_regularization", LbfgsAlgorithm.L1, 0, 10),
        ],
    };

    public override void CheckTarget(TableColumn target)
    {
        if (target.Numbers is not { } values) return;
        var bad = Array.FindIndex(values, v => v < 0);
        if (bad >= 0)
        {
            throw new MLCycleException(ErrorKind.BadData,
                $"Algorithm 'poisson' needs a target of counts or rates, 0 or more; column '{target.Name}' holds {target.Format(bad)} at row {bad + 1}.");
        }
    }

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn, HyperparameterValues values) =>
        ml.Regression.Trainers.LbfgsPoissonRegression(new LbfgsPoissonRegressionTrainer.Options
        {
            L1Regularization = (float)values.Double("l1_regularization"), L2Regularization = (float)values.Double("l2_regularization"), NumberOfThreads = 1, ExampleWeightColumnName = weightColumn,
        });
}
