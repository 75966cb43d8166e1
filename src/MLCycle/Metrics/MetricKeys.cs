
namespace MLCycle.Metrics;

/// <summary>The metric keys each task's evaluation produces, for checking gates before training.</summary>
public static class MetricKeys
{
    public static IReadOnlyList<string> For(TaskKind task) => task switch
    {
        TaskKind.Binary => ["accuracy", "precision", "recall", "f1", "auc", "pr_auc", "log_loss"],
        TaskKind.Multiclass => ["accuracy", "macro_f1", "macro_precision", "macro_recall", "micro_f1", "log_loss"],
        _ => ["mse", "rmse", "mae", "r2"],
    };
}
