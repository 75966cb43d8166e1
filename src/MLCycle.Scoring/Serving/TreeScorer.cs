using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MLCycle.Training;

namespace MLCycle.Serving;

/// <summary>
/// What a saved chain's last stage does with its features, when that stage is a tree ensemble this package can walk itself:
/// the trees, and the step from their summed leaves to ML.NET's score and probability, written as ML.NET writes them
/// (<c>TreeEnsembleModelParameters.Map</c>, <c>PlattCalibrator.PredictProbability</c>) so the floats come out the same.
/// </summary>
internal sealed class TreeScorer
{
    private readonly PlattCalibrator? _platt;

    private TreeScorer(CompiledTrees trees, PlattCalibrator? platt, TaskKind task)
    {
        Trees = trees;
        _platt = platt;
        Task = task;
    }

    public CompiledTrees Trees { get; }

    public TaskKind Task { get; }

    /// <summary>
    /// The scorer for a binary classifier of calibrated LightGBM or FastTree trees, or a LightGBM or FastTree regressor;
    /// null for every other last stage (linear models, forests, one-versus-all, other calibrators, categorical splits).
    /// </summary>
    public static TreeScorer? TryCreate(ITransformer predictor, int featureCount) => predictor switch
    {
        BinaryPredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> p
            => Create(p.Model.SubModel.TrainedTreeEnsemble, featureCount, p.Model.Calibrator, TaskKind.Binary),
        BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> p
            => Create(p.Model.SubModel.TrainedTreeEnsemble, featureCount, p.Model.Calibrator, TaskKind.Binary),
        RegressionPredictionTransformer<LightGbmRegressionModelParameters> p => Create(p.Model.TrainedTreeEnsemble, featureCount, null, TaskKind.Regression),
        RegressionPredictionTransformer<FastTreeRegressionModelParameters> p => Create(p.Model.TrainedTreeEnsemble, featureCount, null, TaskKind.Regression),
        _ => null,
    };

    private static TreeScorer? Create(RegressionTreeEnsemble ensemble, int featureCount, PlattCalibrator? platt, TaskKind task) =>
        CompiledTrees.From(ensemble, featureCount) is { } trees ? new TreeScorer(trees, platt, task) : null;

    /// <summary>ML.NET's Score column for a row whose leaves sum to <paramref name="sum"/>.</summary>
    public static float Score(double sum) => (float)sum;

    /// <summary>ML.NET's Probability column for a binary score: Platt's sigmoid, NaN kept NaN.</summary>
    public float Probability(float score) =>
        float.IsNaN(score) ? score : (float)(1 / (1 + Math.Exp(_platt!.Slope * score + _platt.Offset)));
}
