using MLCycle.Metrics;

namespace MLCycle.Training;

/// <summary>Fold metrics, the primary metric's mean and spread over them, and the threshold chosen on the out-of-fold predictions;
/// <paramref name="FoldPredictions"/> are each fold's predictions of its validation rows, before any threshold: what an ensemble blends.</summary>
internal sealed record CvScore(IReadOnlyList<EvaluationResult> Folds, double Mean, double Std, double Threshold, string? ThresholdReason, double Seconds,
    IReadOnlyList<IReadOnlyList<Prediction>> FoldPredictions)
{
    /// <summary>The median of the rounds early stopping chose in the folds; null when the learner trained set rounds.</summary>
    public int? Rounds { get; init; }

    /// <summary>The hyperparameter <see cref="Rounds"/> sets (LightGBM's number_of_iterations, FastTree's number_of_trees).</summary>
    public string? RoundsParameter { get; init; }

    /// <summary>Binary: each training row's out-of-fold positive probability (NaN where no fold validated it); null otherwise.</summary>
    public double[]? OutOfFold { get; init; }
}
