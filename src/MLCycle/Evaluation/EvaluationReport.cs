using MLCycle.Evaluation.Fairness;
using MLCycle.Metrics;

namespace MLCycle.Evaluation;

/// <summary>
/// The evaluation of a set of predictions against actual values: what was read and how the task was decided, the metrics
/// (scikit-learn names; an undefined metric is left out and <see cref="Notes"/> says why), and slices and gates when asked for.
/// </summary>
public sealed record EvaluationReport
{
    public required string Source { get; init; }
    public required int Rows { get; init; }
    public required TaskKind Task { get; init; }
    /// <summary>Why this task: given with --task, or what it was inferred from.</summary>
    public required string TaskReason { get; init; }
    public required string Target { get; init; }
    public string? PositiveClass { get; init; }
    public IReadOnlyList<string> Classes { get; init; } = [];
    /// <summary>The prediction column, or null when the predicted class was taken as the most probable one.</summary>
    public string? PredictionColumn { get; init; }
    /// <summary>Class -&gt; probability column read; empty when only labels were evaluated.</summary>
    public IReadOnlyDictionary<string, string> ProbabilityColumns { get; init; } = new Dictionary<string, string>();
    public string? WeightColumn { get; init; }
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }
    public IReadOnlyDictionary<string, string> Notes { get; init; } = new Dictionary<string, string>();
    /// <summary>Rows = actual class, columns = predicted class, in <see cref="Classes"/> order (row counts).</summary>
    public long[][]? ConfusionMatrix { get; init; }
    public IReadOnlyList<ClassMetrics> PerClass { get; init; } = [];
    /// <summary>Metrics per value of the slice column; null when no slicing was asked for.</summary>
    public IReadOnlyList<SliceReport>? Slices { get; init; }
    /// <summary>Gate outcomes; null when no gates were given.</summary>
    public IReadOnlyList<GateResult>? Gates { get; init; }

    /// <summary>The registered model evaluated (e.g. "churn v3"); null for a predictions file.</summary>
    public string? Model { get; init; }
    /// <summary>Rows the model could not score or that have no usable label; they are left out of every metric.</summary>
    public int RefusedRows { get; init; }
    /// <summary>The first refused rows (1-based, header not counted) and why.</summary>
    public IReadOnlyList<RefusedRow> Refused { get; init; } = [];
    /// <summary>Permutation importance per input column, largest first; null when not measured (a predictions file).</summary>
    public IReadOnlyList<FeatureImportance>? Importance { get; init; }
    /// <summary>The metric whose drop <see cref="Importance"/> measures.</summary>
    public string? ImportanceMetric { get; init; }

    /// <summary>Fairness per sensitive column (and their intersection) on the scored rows; null when none was judged (a predictions file).</summary>
    public IReadOnlyList<FairnessColumn>? Fairness { get; init; }

    /// <summary>The data behind the plots (ROC, precision-recall, calibration, gain, threshold; residuals); null when the rows carry no scores.</summary>
    public ScorePlots? Plots { get; init; }

    public bool GatesPassed => Gates is null || Gates.All(g => g.Passed);

    /// <summary>The metrics to show from a full evaluation: scikit-learn names only, undefined (NaN) ones left out.</summary>
    public static IReadOnlyDictionary<string, double> Shown(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new SortedDictionary<string, double>(
            result.Metrics.Where(m => !MetricKeys.IsLegacy(m.Key) && !double.IsNaN(m.Value)).ToDictionary(m => m.Key, m => m.Value),
            StringComparer.Ordinal);
    }
}

/// <summary>The metrics of the rows where the slice column holds one value (null for a missing value).</summary>
public sealed record SliceReport(string Column, string? Value, int Rows, IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, string> Notes);

/// <summary>A row left out of an evaluation: its number in the file (1-based, header not counted), the column and why.</summary>
public sealed record RefusedRow(int Row, string Column, string Reason);
