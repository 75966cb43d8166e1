using MLCycle.Data;
using MLCycle.Metrics;
using MLCycle.Preparation.Treatments;
using MLCycle.Training.Tuning;

namespace MLCycle.Training;

/// <summary>The result of a training run: every candidate's scores, the winner, and the packageable model.</summary>
public sealed record TrainingOutcome
{
    public required TaskKind Task { get; init; }
    public required string Target { get; init; }
    public required IReadOnlyList<CandidateResult> Candidates { get; init; }
    /// <summary>The best candidate by cross-validated primary metric; may be "baseline".</summary>
    public required string Winner { get; init; }
    /// <summary>The best packageable candidate refit on the whole training part (the winner unless the baseline won).</summary>
    public required TrainedModel Model { get; init; }
    public required Table TrainSet { get; init; }
    public required Table TestSet { get; init; }
    /// <summary>Where each row of <see cref="TestSet"/> sits in the request's data, so columns left out of training (sensitive ones) can be joined back.</summary>
    public IReadOnlyList<int> TestRows { get; init; } = [];
    /// <summary>Where each row of <see cref="TrainSet"/> sits in the request's data.</summary>
    public IReadOnlyList<int> TrainRows { get; init; } = [];
    /// <summary>Class labels in score order; for binary [negative, positive]; empty for regression.</summary>
    public required IReadOnlyList<string> Classes { get; init; }
    public string? PositiveClass => Task == TaskKind.Binary ? Classes[1] : null;
    public required MetricDirection PrimaryMetric { get; init; }
    /// <summary>How a group or time split was made (<see cref="RowSplit.Describe"/>); null for a random split.</summary>
    public string? Split { get; init; }
    /// <summary>Rows left out because their target was missing.</summary>
    public int RowsWithoutTarget { get; init; }
    /// <summary>Training rows left out because a feature was missing (MissingStrategy.Drop).</summary>
    public int RowsDroppedForMissing { get; init; }
    /// <summary>Training rows removed because a value lay outside the bounds of a column with the remove rule.</summary>
    public int RowsRemovedAsOutliers { get; init; }
    /// <summary>What the packaged model's treatments fitted (and what removed training rows), for the manifest.</summary>
    public FittedTreatments Treatments { get; init; } = FittedTreatments.None;
    /// <summary>The search over learners and hyperparameters, when the request asked for one (<see cref="TrainingRequest.Search"/>).</summary>
    public SearchReport? Search { get; init; }
    /// <summary>The chosen model's learning curve; null when not asked for or the model is an ensemble.</summary>
    public LearningCurve? LearningCurve { get; init; }

    /// <summary>The candidate whose model is <see cref="Model"/>.</summary>
    /// <summary>Binary: the packaged model's decision threshold and how it was chosen; null for other tasks.</summary>
    public string? Threshold => ModelCandidate.ThresholdReason;

    public CandidateResult ModelCandidate => Candidates.First(c => c.Algorithm == Model.Algorithm);
}
