
namespace MLCycle.Metrics;

/// <summary>Metrics of one model on one dataset. Keys are lower-case: auc, accuracy, f1, rmse, ...</summary>
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

    public double this[string key] => Metrics[key];
}

/// <summary>Precision, recall, F1 and support of one class.</summary>
public sealed record ClassMetrics(string Class, double Precision, double Recall, double F1, long Support);
