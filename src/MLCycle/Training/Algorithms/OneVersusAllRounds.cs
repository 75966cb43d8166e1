using System.Collections;
using System.Reflection;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace MLCycle.Training.Algorithms;

/// <summary>
/// The boosting rounds a stopped LightGBM multiclass model kept. ML.NET splits LightGBM's ensemble into one binary model per
/// class (a round adds one tree to each) but keeps that list internal, so it is read by name; a class's model drops the
/// one-leaf trees of rounds that found no split for it, so the rounds are the most trees any class kept.
/// </summary>
internal static class OneVersusAllRounds
{
    private static readonly PropertyInfo? SubModels =
        typeof(OneVersusAllModelParameters).GetProperty("SubModelParameters", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

    /// <summary>The rounds kept; throws when a later ML.NET hides the per-class models another way, so a test fails rather than the refit guessing.</summary>
    public static int Of(OneVersusAllModelParameters model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (SubModels?.GetValue(model) is not IEnumerable classes)
            throw new InvalidOperationException("This ML.NET no longer exposes the per-class models of OneVersusAllModelParameters; the stopped rounds cannot be read.");
        return classes.Cast<object>().Select(c => c switch
        {
            CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> calibrated => calibrated.SubModel.TrainedTreeEnsemble.Trees.Count,
            LightGbmBinaryModelParameters plain => plain.TrainedTreeEnsemble.Trees.Count,
            _ => throw new InvalidOperationException($"Unexpected per-class model {c.GetType().Name} in a LightGBM multiclass model."),
        }).Max();
    }
}
