using MLCycle.Data;
using MLCycle.Metrics;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>Scores the baseline (majority class or training mean) on the same test rows as the candidates.</summary>
public static class BaselineEvaluation
{
    public static EvaluationResult Evaluate(TrainingOutcome outcome, string target)
    {
        var train = outcome.TrainSet[target];
        var test = outcome.TestSet[target];
        if (outcome.Task == TaskKind.Regression)
        {
            var model = BaselineModel.Fit(train.Numbers!);
            return ModelEvaluator.Evaluate(test.Numbers!, model.Predict(test.Length));
        }
        var classes = outcome.Classes;
        var baseline = BaselineModel.Fit(outcome.Task, train.FormatAll(), classes);
        return ModelEvaluator.Evaluate(outcome.Task, test.FormatAll(), baseline.Predict(test.Length), classes, outcome.PositiveClass);
    }
}
