using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace MLCycle.Training.Algorithms;

/// <summary>
/// Gradient-boosted trees by LightGBM, with modest defaults (100 rounds, 31 leaves, learning rate 0.1). A cross-validation
/// fit chooses its rounds by early stopping instead: up to <see cref="MaximumRounds"/>, stopped when the
/// held-out rows stop improving for <see cref="Patience"/> rounds.
/// </summary>
internal sealed class LightGbmAlgorithm : MLNetAlgorithm
{
    // LightGBM's OpenMP threads spin while waiting; on small machines one per two cores trains several times faster.
    private static readonly int Threads = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>The generous cap on rounds when early stopping chooses them: the top of the tuned range.</summary>
    public const int MaximumRounds = 1000;

    /// <summary>Rounds without improvement on the held-out rows before boosting stops.</summary>
    public const int Patience = 20;

    public override AlgorithmDescriptor Descriptor { get; } = new()
    {
        Name = "lightgbm",
        Description = "Gradient-boosted trees by LightGBM: strong on most tables, fast on wide ones; rounds chosen by early stopping.",
        Tasks = [TaskKind.Binary, TaskKind.Multiclass, TaskKind.Regression],
        // Null defaults are chosen from the data: leaf size from the row count, feature fraction from the width.
        Hyperparameters =
        [
            new("number_of_iterations", 100, 20, MaximumRounds) { Integer = true, LogScale = true },
            new("number_of_leaves", 31, 4, 256) { Integer = true, LogScale = true },
            new("learning_rate", 0.1, 0.005, 0.5) { LogScale = true },
            new("minimum_example_count_per_leaf", null, 2, 100) { Integer = true, LogScale = true },
            new("feature_fraction", null, 0.3, 1),
        ],
    };

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn, HyperparameterValues values) => task switch
    {
        TaskKind.Binary => ml.BinaryClassification.Trainers.LightGbm(Binary(rows, inputs, weightColumn, values, stopping: false)),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.LightGbm(Multiclass(rows, inputs, weightColumn, values, stopping: false)),
        _ => ml.Regression.Trainers.LightGbm(Regression(rows, inputs, weightColumn, values, stopping: false)),
    };

    protected override bool EarlyStops(TaskKind task) => true;

    // The rounds are the trees the stopped model keeps (LightGBM keeps those up to its best round on the held-out rows).
    protected override (ITransformer Model, int Rounds) FitEarlyStopped(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn,
        HyperparameterValues values, IDataView train, IDataView validation)
    {
        if (task == TaskKind.Binary)
        {
            var binary = ml.BinaryClassification.Trainers.LightGbm(Binary(rows, inputs, weightColumn, values, stopping: true)).Fit(train, validation);
            return (binary, binary.Model.SubModel.TrainedTreeEnsemble.Trees.Count);
        }
        if (task == TaskKind.Multiclass)
        {
            var multiclass = ml.MulticlassClassification.Trainers.LightGbm(Multiclass(rows, inputs, weightColumn, values, stopping: true)).Fit(train, validation);
            return (multiclass, OneVersusAllRounds.Of(multiclass.Model));
        }
        var regression = ml.Regression.Trainers.LightGbm(Regression(rows, inputs, weightColumn, values, stopping: true)).Fit(train, validation);
        return (regression, regression.Model.TrainedTreeEnsemble.Trees.Count);
    }

    private static LightGbmBinaryTrainer.Options Binary(int rows, int inputs, string? weightColumn, HyperparameterValues values, bool stopping) => new()
    {
        NumberOfIterations = stopping ? MaximumRounds : values.Int("number_of_iterations"), EarlyStoppingRound = stopping ? Patience : 0,
        NumberOfLeaves = values.Int("number_of_leaves"), LearningRate = values.Double("learning_rate"),
        MinimumExampleCountPerLeaf = values.Int("minimum_example_count_per_leaf", MinLeaf(rows)), Seed = 1, NumberOfThreads = Threads,
        ExampleWeightColumnName = weightColumn, Booster = Booster(inputs, values),
        MaximumBinCountPerFeature = WideFeatureRule.MaximumBins(inputs),
    };

    // Stopping judges the held-out rows by log loss: the default, the error rate, moves in steps and stops on a plateau.
    private static LightGbmMulticlassTrainer.Options Multiclass(int rows, int inputs, string? weightColumn, HyperparameterValues values, bool stopping) => new()
    {
        NumberOfIterations = stopping ? MaximumRounds : values.Int("number_of_iterations"), EarlyStoppingRound = stopping ? Patience : 0,
        EvaluationMetric = stopping ? LightGbmMulticlassTrainer.Options.EvaluateMetricType.LogLoss : LightGbmMulticlassTrainer.Options.EvaluateMetricType.Error,
        NumberOfLeaves = values.Int("number_of_leaves"), LearningRate = values.Double("learning_rate"),
        MinimumExampleCountPerLeaf = values.Int("minimum_example_count_per_leaf", MinLeaf(rows)), Seed = 1, NumberOfThreads = Threads,
        ExampleWeightColumnName = weightColumn, Booster = Booster(inputs, values),
        MaximumBinCountPerFeature = WideFeatureRule.MaximumBins(inputs),
    };

    private static LightGbmRegressionTrainer.Options Regression(int rows, int inputs, string? weightColumn, HyperparameterValues values, bool stopping) => new()
    {
        NumberOfIterations = stopping ? MaximumRounds : values.Int("number_of_iterations"), EarlyStoppingRound = stopping ? Patience : 0,
        NumberOfLeaves = values.Int("number_of_leaves"), LearningRate = values.Double("learning_rate"),
        MinimumExampleCountPerLeaf = values.Int("minimum_example_count_per_leaf", MinLeaf(rows)), Seed = 1, NumberOfThreads = Threads,
        ExampleWeightColumnName = weightColumn, Booster = Booster(inputs, values),
        MaximumBinCountPerFeature = WideFeatureRule.MaximumBins(inputs),
    };

    // With FeatureFraction 1 this is LightGBM's default booster, so narrow data trains exactly as before.
    private static GradientBooster.Options Booster(int inputs, HyperparameterValues values) =>
        new() { FeatureFraction = values.Double("feature_fraction", WideFeatureRule.FeatureFraction(inputs)) };
}
