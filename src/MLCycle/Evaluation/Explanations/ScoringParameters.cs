using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace MLCycle.Evaluation.Explanations;

/// <summary>
/// What the last learner of an ML.NET chain computes its raw score from: a tree ensemble, a linear model or a GAM, read from
/// its model parameters (under any calibrator). Anything else (multiclass learners, a network) has none, and is explained by sampling.
/// </summary>
internal sealed record ScoringParameters
{
    /// <summary>The ensemble's trees in order, with the factor applied to each (a regression forest averages its trees).</summary>
    public IReadOnlyList<(RegressionTreeBase Tree, double Weight)>? Trees { get; init; }
    /// <summary>The ensemble's or the linear model's bias.</summary>
    public double Bias { get; init; }
    /// <summary>The linear model's weight per feature slot.</summary>
    public float[]? Weights { get; init; }
    /// <summary>A GAM's shape functions, one per feature slot: each bin's upper bound and the amount it adds to the score.</summary>
    public IReadOnlyList<GamShape>? Shapes { get; init; }
    /// <summary>The scale of the raw score: "value" for a regression's prediction, "log_value" under a log link, "raw_score" for a binary learner's uncalibrated score.</summary>
    public required string Scale { get; init; }

    /// <summary>The parameters of the chain's last learner, or null when it is not a tree ensemble, a linear model or a GAM.</summary>
    public static ScoringParameters? Read(ITransformer model, TaskKind task)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (task == TaskKind.Multiclass || LastPredictor(model) is not { } predictor) return null;
        var parameters = Uncalibrated(predictor);
        var scale = task == TaskKind.Binary ? "raw_score" : "value";
        switch (parameters)
        {
            case TreeEnsembleModelParametersBasedOnRegressionTree trees:
                return Ensemble(parameters, [.. trees.TrainedTreeEnsemble.Trees], trees.TrainedTreeEnsemble.TreeWeights, trees.TrainedTreeEnsemble.Bias, scale);
            // A forest's trees keep their leaves' training labels for quantiles, but predict by their leaf values all the same.
            case TreeEnsembleModelParametersBasedOnQuantileRegressionTree forest:
                return Ensemble(parameters, [.. forest.TrainedTreeEnsemble.Trees], forest.TrainedTreeEnsemble.TreeWeights, forest.TrainedTreeEnsemble.Bias, scale);
            case GamModelParametersBase gam:
                return new ScoringParameters
                {
                    Shapes = Enumerable.Range(0, gam.NumberOfShapeFunctions).Select(i => new GamShape([.. gam.GetBinUpperBounds(i)], [.. gam.GetBinEffects(i)])).ToArray(),
                    Bias = gam.Bias,
                    Scale = scale,
                };
            case LinearModelParameters linear:
                return new ScoringParameters
                {
                    Weights = [.. linear.Weights],
                    Bias = linear.Bias,
                    Scale = parameters is PoissonRegressionModelParameters ? "log_value" : scale,
                };
            default:
                return null;
        }
    }

    private static ScoringParameters Ensemble(object parameters, RegressionTreeBase[] trees, IReadOnlyList<double> weights, double bias, string scale)
    {
        // ML.NET's regression forest averages its trees; its binary forest sums their votes (the Platt step rescales them).
        var average = parameters is FastForestRegressionModelParameters ? 1.0 / trees.Length : 1.0;
        return new ScoringParameters { Trees = trees.Select((t, i) => (t, weights[i] * average)).ToArray(), Bias = bias * average, Scale = scale };
    }

    // The last prediction transformer of the chain, searched through nested chains (a learner followed by its Platt sigmoid is one).
    private static object? LastPredictor(ITransformer transformer)
    {
        if (transformer is IEnumerable<ITransformer> chain)
        {
            foreach (var inner in chain.Reverse())
            {
                if (LastPredictor(inner) is { } found) return found;
            }
            return null;
        }
        // The Platt step after a learner is a prediction transformer too, whose model is the calibrator: the learner is before it.
        return transformer is ISingleFeaturePredictionTransformer<object> { Model: not Microsoft.ML.Calibrators.ICalibrator } prediction ? prediction.Model : null;
    }

    // ML.NET's calibrated parameters are generic over the learner and calibrator types; the learner's own parameters are
    // its SubModel, read by name rather than by listing every pair of types.
    private static object Uncalibrated(object parameters) =>
        parameters.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p => p.Name == "SubModel")?.GetValue(parameters) ?? parameters;
}

/// <summary>One shape function of a GAM: a value in bin b (the first whose upper bound is at least the value) adds Effects[b].</summary>
internal sealed record GamShape(double[] UpperBounds, double[] Effects)
{
    /// <summary>The amount this shape adds for <paramref name="value"/>.</summary>
    public double Effect(float value)
    {
        if (Effects.Length == 0) return 0;
        var bin = 0;
        while (bin < UpperBounds.Length - 1 && value > UpperBounds[bin]) bin++;
        return Effects[bin];
    }
}
