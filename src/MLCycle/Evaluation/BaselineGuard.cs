using MLCycle.Metrics;

namespace MLCycle.Evaluation;

/// <summary>
/// The floor under every promotion: a model that does worse than the baseline on its test rows — on its primary metric,
/// or (classification) on log loss, where an overconfident model loses to predicting the class shares — is never
/// promoted, whatever the gates say.
/// </summary>
public static class BaselineGuard
{
    private const string LogLoss = "log_loss";

    /// <summary>Why the model is worse than the baseline on the same test rows, or null when it is not.</summary>
    /// <param name="metric">The metric that ranks models; null for the task's own.</param>
    public static string? WorseThanBaseline(TaskKind task, EvaluationResult test, EvaluationResult baseline, MetricDirection? metric = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(baseline);
        var primary = metric ?? PrimaryMetric.For(task);
        if (Worse(test, baseline, primary.Key, primary.HigherIsBetter) is { } primaryReason) return primaryReason;
        return task == TaskKind.Regression || primary.Key == LogLoss ? null : Worse(test, baseline, LogLoss, higherIsBetter: false);
    }

    private static string? Worse(EvaluationResult test, EvaluationResult baseline, string key, bool higherIsBetter)
    {
        if (!test.Metrics.TryGetValue(key, out var model) || !baseline.Metrics.TryGetValue(key, out var reference)) return null;
        if (double.IsNaN(reference)) return null;
        var worse = double.IsNaN(model) || (higherIsBetter ? model < reference : model > reference);
        return worse
            ? $"test {key} {MetricFormat.Value(model)} is worse than the baseline's {MetricFormat.Value(reference)}"
            : null;
    }
}
