using MLCycle.Metrics;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>Evaluates a model's test predictions on any subset of the test rows (a bootstrap resample), with the run's metric suite.</summary>
internal static class TestResamples
{
    public static Func<IReadOnlyList<int>, EvaluationResult> Evaluator(TrainingOutcome outcome, string target, IReadOnlyList<Prediction> predictions)
    {
        var column = outcome.TestSet[target];
        if (outcome.Task == TaskKind.Regression)
        {
            var values = column.Numbers!;
            return rows => ModelEvaluator.Evaluate(rows.Select(i => values[i]).ToArray(), rows.Select(i => predictions[i]).ToList());
        }
        var labels = column.FormatAll();
        return rows => ModelEvaluator.Evaluate(outcome.Task, rows.Select(i => labels[i]).ToList(), rows.Select(i => predictions[i]).ToList(), outcome.Classes, outcome.PositiveClass);
    }
}
