
namespace MLCycle.Metrics;

/// <summary>The metric that ranks models of a task (binary auc, multiclass macro_f1, regression rmse) and which way each metric points.</summary>
public static class PrimaryMetric
{
    private static readonly HashSet<string> LowerIsBetter = new(StringComparer.OrdinalIgnoreCase)
    {
        "mse", "rmse", "mae", "log_loss", "mape", "brier", "median_ae",
    };

    /// <summary>The metric used to pick the winner, compare with the baseline and diagnose the fit.</summary>
    public static MetricDirection For(TaskKind task) => task switch
    {
        TaskKind.Binary => new MetricDirection("auc", true),
        TaskKind.Multiclass => new MetricDirection("macro_f1", true),
        TaskKind.Regression => new MetricDirection("rmse", false),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown task."),
    };

    /// <summary>The metric that ranks models: <paramref name="chosen"/> (as the spec's <c>evaluate.metric</c> names it) when given, else the task's own.</summary>
    public static MetricDirection For(TaskKind task, string? chosen) =>
        chosen is null ? For(task) : new MetricDirection(chosen, IsHigherBetter(chosen));

    /// <summary>True for scores (accuracy, auc, f1, r2, ...), false for errors and losses (rmse, mse, mae, log_loss).</summary>
    public static bool IsHigherBetter(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return !LowerIsBetter.Contains(key);
    }
}
