using MLCycle.Evaluation;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>
/// The paired test of a challenger against the champion on the challenger's test rows: DeLong's for a ROC-AUC ranking metric,
/// a seeded paired bootstrap of the ranking metric otherwise.
/// </summary>
internal static class PairedTest
{
    public static PairedDifference? Compare(TrainingOutcome outcome, string target, IReadOnlyList<Prediction> champion, int seed, out string? why)
    {
        why = null;
        var challenger = outcome.ModelCandidate.TestPredictions;
        var metric = outcome.PrimaryMetric.Key;
        try
        {
            if (outcome.Task == TaskKind.Binary && metric is "auc" or "roc_auc" && outcome.PositiveClass is { } positive)
            {
                var actual = outcome.TestSet[target].FormatAll().Select(l => l == positive).ToArray();
                return PairedComparison.DeLong(actual, Probabilities(challenger, positive), Probabilities(champion, positive));
            }
            var ours = TestResamples.Evaluator(outcome, target, challenger);
            var theirs = TestResamples.Evaluator(outcome, target, champion);
            return PairedComparison.Bootstrap(metric, outcome.TestSet.RowCount, r => ours(r)[metric], r => theirs(r)[metric], seed);
        }
        // Too few rows of a class for the test is an answer about the data, not a failed run.
        catch (MLCycleException e) when (e.Kind is ErrorKind.BadData or ErrorKind.BadSpec)
        {
            why = e.Message;
            return null;
        }
    }

    private static double[] Probabilities(IReadOnlyList<Prediction> predictions, string positive) =>
        predictions.Select(p => p.Probabilities?.GetValueOrDefault(positive) ?? 0).ToArray();
}
