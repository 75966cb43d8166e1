using MLCycle.Data;
using MLCycle.Evaluation.Fairness;
using MLCycle.Metrics;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>
/// <c>train.fairness</c>: chooses per-group thresholds for the packaged binary model on its out-of-fold predictions and
/// relabels its test predictions with them, so the test metrics, gates and fairness report are those of the decisions
/// serving will make. Cross-validation and training-part scores stay those of the global threshold.
/// </summary>
public static class FairnessMitigation
{
    /// <summary>The outcome with the model's test predictions and metrics at the per-group thresholds, and the thresholds.</summary>
    /// <param name="sensitive">The sensitive columns of the data the trainer was given, row for row (before ignored columns were dropped).</param>
    public static (TrainingOutcome Outcome, GroupThresholds Thresholds) Apply(FairnessThresholdSpec spec, Table sensitive, TrainingOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(sensitive);
        ArgumentNullException.ThrowIfNull(outcome);
        var candidate = outcome.ModelCandidate;
        var outOfFold = candidate.OutOfFold
            ?? throw new MLCycleException(ErrorKind.BadSpec, $"train.fairness needs out-of-fold probabilities, which '{candidate.Algorithm}' has none of; per-group thresholds apply to binary models only.");
        var classes = outcome.Classes;
        var column = sensitive[spec.Column];
        var positive = outcome.TrainSet[outcome.Target].FormatAll().Select(l => l == classes[1]).ToArray();
        var thresholds = GroupThresholdChooser.Choose(spec.Column, spec.Rate, column.Take(outcome.TrainRows).FormatAll(), positive, outOfFold,
            outcome.Model.DecisionThreshold);
        var predictions = thresholds.Apply(candidate.TestPredictions, column.Take(outcome.TestRows).FormatAll(), classes).Select(p => p!).ToList();
        var test = ModelEvaluator.Evaluate(TaskKind.Binary, outcome.TestSet[outcome.Target].FormatAll(), predictions, classes, classes[1]);
        var adjusted = candidate with { Test = test, TestPredictions = predictions };
        return (outcome with { Candidates = outcome.Candidates.Select(c => c == candidate ? adjusted : c).ToList() }, thresholds);
    }
}
