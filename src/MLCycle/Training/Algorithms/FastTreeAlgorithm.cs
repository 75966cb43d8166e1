using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace MLCycle.Training.Algorithms;

/// <summary>
/// ML.NET's FastTree boosted trees; multiclass is one-versus-all over binary FastTree, which ML.NET lacks natively. A
/// cross-validation fit (binary, regression) chooses its trees by early stopping, as LightGBM does: up to
/// <see cref="LightGbmAlgorithm.MaximumRounds"/>, stopped when the held-out loss rises <see cref="GeneralityLoss"/> above
/// its best, and cut back to the best tree.
/// </summary>
internal sealed class FastTreeAlgorithm : MLNetAlgorithm
{
    public override AlgorithmDescriptor Descriptor { get; } = new()
    {
        Name = "fasttree",
        Description = "Gradient-boosted trees by ML.NET's FastTree (MART); multiclass is one-versus-all; trees chosen by early stopping (binary, regression).",
        Tasks = [TaskKind.Binary, TaskKind.Multiclass, TaskKind.Regression],
        // Null defaults are chosen from the data: leaf size from the row count, feature fraction from the width.
        Hyperparameters =
        [
            new("number_of_trees", 100, 20, LightGbmAlgorithm.MaximumRounds) { Integer = true, LogScale = true },
            new("number_of_leaves", 20, 4, 256) { Integer = true, LogScale = true },
            new("learning_rate", 0.2, 0.005, 0.5) { LogScale = true },
            new("minimum_example_count_per_leaf", null, 2, 100) { Integer = true, LogScale = true },
            new("feature_fraction", null, 0.3, 1),
        ],
    };

    /// <summary>
    /// Boosting stops once the held-out loss is this share above its best so far (Prechelt's GL rule). FastTree offers no
    /// patience rule (its UP rule waits for consecutive worsenings, which noise rarely gives), and the trees after the best are cut.
    /// </summary>
    public const float GeneralityLoss = 0.01f;

    internal override string RoundsParameter => "number_of_trees";

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn, HyperparameterValues values) => task switch
    {
        TaskKind.Binary => ml.BinaryClassification.Trainers.FastTree(Binary(rows, inputs, weightColumn, values, stopping: false)),
        TaskKind.Multiclass => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(Binary(rows, inputs, weightColumn, values, stopping: false))),
        _ => ml.Regression.Trainers.FastTree(Regression(rows, inputs, weightColumn, values, stopping: false)),
    };

    // One-versus-all fits its binary models without a validation set, so multiclass trains the set trees.
    protected override bool EarlyStops(TaskKind task) => task != TaskKind.Multiclass;

    // FastTree cuts the ensemble back to the best tree on the held-out rows when the rule stops it; the rounds are the trees kept.
    protected override (ITransformer Model, int Rounds) FitEarlyStopped(MLContext ml, TaskKind task, int rows, int inputs, string? weightColumn,
        HyperparameterValues values, IDataView train, IDataView validation)
    {
        if (task == TaskKind.Binary)
        {
            var binary = ml.BinaryClassification.Trainers.FastTree(Binary(rows, inputs, weightColumn, values, stopping: true)).Fit(train, validation);
            return (binary, binary.Model.SubModel.TrainedTreeEnsemble.Trees.Count);
        }
        var regression = ml.Regression.Trainers.FastTree(Regression(rows, inputs, weightColumn, values, stopping: true)).Fit(train, validation);
        return (regression, regression.Model.TrainedTreeEnsemble.Trees.Count);
    }

    private static FastTreeBinaryTrainer.Options Binary(int rows, int inputs, string? weightColumn, HyperparameterValues values, bool stopping) => Stopping(new FastTreeBinaryTrainer.Options
    {
        NumberOfTrees = stopping ? LightGbmAlgorithm.MaximumRounds : values.Int("number_of_trees"),
        NumberOfLeaves = values.Int("number_of_leaves"), LearningRate = values.Double("learning_rate"),
        MinimumExampleCountPerLeaf = values.Int("minimum_example_count_per_leaf", MinLeaf(rows)), ExampleWeightColumnName = weightColumn,
        FeatureFraction = values.Double("feature_fraction", WideFeatureRule.FeatureFraction(inputs)), MaximumBinCountPerFeature = WideFeatureRule.MaximumBins(inputs),
    }, stopping);

    private static FastTreeRegressionTrainer.Options Regression(int rows, int inputs, string? weightColumn, HyperparameterValues values, bool stopping) => Stopping(new FastTreeRegressionTrainer.Options
    {
        NumberOfTrees = stopping ? LightGbmAlgorithm.MaximumRounds : values.Int("number_of_trees"),
        // L2 on the held-out rows is the loss the trees fit; FastTree's default judges them by L1.
        EarlyStoppingMetric = EarlyStoppingMetric.L2Norm,
        NumberOfLeaves = values.Int("number_of_leaves"), LearningRate = values.Double("learning_rate"),
        MinimumExampleCountPerLeaf = values.Int("minimum_example_count_per_leaf", MinLeaf(rows)), ExampleWeightColumnName = weightColumn,
        FeatureFraction = values.Double("feature_fraction", WideFeatureRule.FeatureFraction(inputs)), MaximumBinCountPerFeature = WideFeatureRule.MaximumBins(inputs),
    }, stopping);

    // The rule is set only when stopping: FastTree's setter builds a factory from it and fails on null.
    private static T Stopping<T>(T options, bool stopping) where T : BoostedTreeOptions
    {
        if (stopping) options.EarlyStoppingRule = new GeneralityLossRule(GeneralityLoss);
        return options;
    }
}
