
namespace MLCycle.Metrics;

/// <summary>The metric keys each task's evaluation produces, for checking gates before training.</summary>
public static class MetricKeys
{
    /// <summary>
    /// Names runs stored before the metrics took scikit-learn's names, and the metric each now means. Evaluations still
    /// report them, so specs, gates and stored runs that use them keep working.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> LegacyAliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["auc"] = "roc_auc",
        ["macro_f1"] = "f1_macro",
        ["macro_precision"] = "precision_macro",
        ["macro_recall"] = "recall_macro",
        // With exactly one label per row, micro-averaged precision, recall and F1 all equal accuracy.
        ["micro_f1"] = "accuracy",
    };

    private static readonly string[] LabelKeys =
    [
        "accuracy", "balanced_accuracy", "precision_macro", "recall_macro", "f1_macro",
        "precision_weighted", "recall_weighted", "f1_weighted", "mcc",
    ];

    /// <summary>Every key the task's evaluation can report, legacy names included.</summary>
    public static IReadOnlyList<string> For(TaskKind task) => task switch
    {
        TaskKind.Binary => [.. LabelKeys, "precision", "recall", "f1", "roc_auc", "pr_auc", "log_loss", "brier", "auc"],
        TaskKind.Multiclass => [.. LabelKeys, "log_loss", "roc_auc_ovr_macro", "roc_auc_ovr_weighted", "macro_f1", "macro_precision", "macro_recall", "micro_f1"],
        _ => ["mse", "rmse", "mae", "r2", "mape", "median_ae", "explained_variance"],
    };

    /// <summary>
    /// True for a key that repeats another's value under a second name, for tables that show each metric once: a legacy name
    /// other than the ranking metric, or the scikit-learn name of a ranking metric given by its legacy name (roc_auc beside auc).
    /// </summary>
    public static bool IsRepeated(string key, string rankedBy) =>
        key != rankedBy && (IsLegacy(key) || (LegacyAliases.TryGetValue(rankedBy, out var current) && current == key));

    /// <summary>True for a legacy name kept beside its scikit-learn-style key.</summary>
    public static bool IsLegacy(string key) => LegacyAliases.ContainsKey(key);
}
