using System.Collections.Immutable;
using MLCycle.Metrics;

namespace MLCycle.Training;

/// <summary>How one algorithm did: per-fold validation metrics, their mean and spread, and the refit's train and test scores.</summary>
public sealed record CandidateResult
{
    public required string Algorithm { get; init; }
    public required IReadOnlyList<EvaluationResult> Folds { get; init; }
    /// <summary>Mean of the primary metric over the folds.</summary>
    public required double CvMean { get; init; }
    /// <summary>Population standard deviation of the primary metric over the folds.</summary>
    public required double CvStd { get; init; }
    /// <summary>The refit on the whole training part, scored on that same part.</summary>
    public required EvaluationResult Train { get; init; }
    /// <summary>The refit scored on the held-out test part.</summary>
    public required EvaluationResult Test { get; init; }
    /// <summary>The refit's predictions on the test part, in test-set row order.</summary>
    public required IReadOnlyList<Prediction> TestPredictions { get; init; }
    /// <summary>Wall-clock seconds for cross-validation and refit.</summary>
    public required double Seconds { get; init; }
    /// <summary>False for reference models (the baseline) that cannot be packaged.</summary>
    public bool Packageable { get; init; } = true;
    /// <summary>Binary models: the decision threshold chosen on out-of-fold predictions, and how; null otherwise.</summary>
    public double? Threshold { get; init; }
    public string? ThresholdReason { get; init; }
    /// <summary>
    /// Binary models: per row of the training part (<see cref="TrainingOutcome.TrainSet"/> order) the positive probability its
    /// validation fold predicted, NaN where no fold validated it (time splits); null for other tasks and the baseline.
    /// </summary>
    public IReadOnlyList<double>? OutOfFold { get; init; }
    /// <summary>The hyperparameters a search chose for it; empty when it trained with its defaults.</summary>
    public ImmutableDictionary<string, double> Hyperparameters { get; init; } = ImmutableDictionary<string, double>.Empty;
    /// <summary>The search's trial whose configuration this is; null without a search.</summary>
    public int? Trial { get; init; }
    /// <summary>The rounds early stopping chose in cross-validation (the folds' median) and the hyperparameter that holds them; null when set, not chosen.</summary>
    public (string Parameter, int Rounds)? StoppedRounds { get; init; }
}
