
namespace MLCycle.Metrics;

/// <summary>
/// Metrics of one model on one dataset. Keys are scikit-learn-style and lower-case (roc_auc, accuracy, f1_macro, rmse, ...),
/// plus the older names runs already stored (auc, macro_f1, ...; see <see cref="MetricKeys.LegacyAliases"/>).
/// A metric that is undefined on this data (ROC-AUC with one class present) is NaN, and <see cref="Notes"/> says why.
/// </summary>
public sealed record EvaluationResult
{
    public required TaskKind Task { get; init; }
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }
    /// <summary>Rows = actual class, columns = predicted class, in <see cref="Classes"/> order.</summary>
    public long[][]? ConfusionMatrix { get; init; }
    public IReadOnlyList<string> Classes { get; init; } = [];
    /// <summary>Per-class precision and recall (multiclass; binary too).</summary>
    public IReadOnlyList<ClassMetrics> PerClass { get; init; } = [];
    /// <summary>ROC curve points (binary), ordered by increasing false-positive rate.</summary>
    public IReadOnlyList<(double Fpr, double Tpr)> Roc { get; init; } = [];
    /// <summary>Why a metric is NaN (undefined on this data) or left out, keyed by metric.</summary>
    public IReadOnlyDictionary<string, string> Notes { get; init; } = new Dictionary<string, string>();

    public double this[string key] => Metrics[key];
}

/// <summary>Precision, recall and F1 of one class (sample-weighted when weights are given) and its support in rows.</summary>
public sealed record ClassMetrics(string Class, double Precision, double Recall, double F1, long Support);
