using MLCycle.Data;
using MLCycle.Metrics;
using MLCycle.Training.Algorithms;

namespace MLCycle.Training;

/// <summary>Evaluates predictions on a part of the data with the shared evaluator.</summary>
internal sealed class CandidateScorer(TaskKind task, string target, IReadOnlyList<string> classes)
{
    public EvaluationResult Evaluate(Table part, IReadOnlyList<Prediction> predictions)
    {
        var column = part[target];
        if (task == TaskKind.Regression) return ModelEvaluator.Evaluate(column.Numbers!, predictions);
        var actual = column.FormatAll();
        return ModelEvaluator.Evaluate(task, actual, predictions, classes, classes.Count == 2 && task == TaskKind.Binary ? classes[1] : null);
    }

    /// <summary>The predictions relabelled with a binary model's decision threshold; unchanged without a threshold rule.</summary>
    public static IReadOnlyList<Prediction> Decide(FitRequest fit, ThresholdRule? rule, double threshold, IReadOnlyList<Prediction> predictions) =>
        rule is null ? predictions : ThresholdChooser.Relabel(predictions, fit.Classes, threshold);
}
