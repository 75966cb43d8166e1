using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Evaluation.Fairness;
using MLCycle.Preparation.Treatments;
using MLCycle.Profiling;

namespace MLCycle.Registry;

/// <summary>
/// The contract between training and serving, written as manifest.json beside model.zip in a model package.
/// </summary>
public sealed record ModelManifest
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;
    public required string Name { get; init; }
    public required TaskKind Task { get; init; }
    public required string Algorithm { get; init; }
    public required string Target { get; init; }
    /// <summary>The columns a caller sends, in training order.</summary>
    public required IReadOnlyList<InputColumn> Inputs { get; init; }
    /// <summary>Class labels in the order of the model's score vector (classification); for binary, [negative, positive].</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];
    /// <summary>Binary: a row is predicted positive when its probability is above this; null (packages before it existed) means 0.5.</summary>
    public double? DecisionThreshold { get; init; }
    /// <summary>Held-out test metrics of this model.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    /// <summary>Profile of the training data: the drift reference.</summary>
    public required DatasetProfile Reference { get; init; }
    /// <summary>Distribution of the model's own predictions on its test data: the reference for prediction drift.
    /// Classification: TopValues hold predicted-label counts; regression: Numeric and Histogram of predicted values.</summary>
    public ColumnProfile? PredictionReference { get; init; }
    /// <summary>Data treatments fitted on the training rows (sentinels, category merging, outlier bounds); null when none.
    /// model.zip applies them itself; this record is for people.</summary>
    public FittedTreatments? Treatments { get; init; }
    /// <summary>Fairness of the model's test predictions per sensitive column (and their intersection); null without sensitive columns.</summary>
    public IReadOnlyList<FairnessColumn>? Fairness { get; init; }
    /// <summary>Binary: per-group decision thresholds that serving and batch scoring apply instead of <see cref="DecisionThreshold"/>
    /// (chosen with <c>train.fairness</c>); null when the model has one threshold.</summary>
    public GroupThresholds? GroupThresholds { get; init; }
    /// <summary>How to watch the model in production; null in packages written before the manifest carried it.</summary>
    public ModelMonitoring? Monitoring { get; init; }
    /// <summary>The spec's <c>problem:</c> section; null when the spec had none (and in packages written before it existed).</summary>
    public ProblemStatement? Problem { get; init; }
    /// <summary>95% bootstrap intervals of <see cref="Metrics"/> on the test rows; null in packages written before they were computed.</summary>
    public IReadOnlyDictionary<string, MetricInterval>? MetricIntervals { get; init; }
    /// <summary>The run that produced this package.</summary>
    public string? RunId { get; init; }
    public string MLCycleVersion { get; init; } = typeof(ModelManifest).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    public string MLNetVersion { get; init; } = typeof(Microsoft.ML.MLContext).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;
    /// <summary>An ensemble's members (the first is model.zip) and weights; serving blends their predictions. Null for a single model.</summary>
    public IReadOnlyList<EnsembleEntry>? Ensemble { get; init; }
    /// <summary>File name inside the package -> SHA-256 (lower-case hex).</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();
}
