using MLCycle.Evaluation;

namespace MLCycle.Serving;

/// <summary>What <see cref="ModelFileEvaluator"/> computes beside the metrics of all rows.</summary>
public sealed record ModelEvaluateOptions
{
    /// <summary>The label column; null takes the model's own target.</summary>
    public string? Target { get; init; }
    public IReadOnlyList<SliceSpec> Slices { get; init; } = [];
    /// <summary>Gates checked against the metrics of all scored rows; <c>beats_baseline</c> needs a run's baseline and is refused.</summary>
    public IReadOnlyList<QualityGate> Gates { get; init; } = [];
    /// <summary>Columns whose groups are judged for fairness; null takes the model's own sensitive columns (those its manifest judged).</summary>
    public IReadOnlyList<string>? Sensitive { get; init; }
    /// <summary>Permutation importance options; null skips importance.</summary>
    public ImportanceOptions? Importance { get; init; } = new();
}
