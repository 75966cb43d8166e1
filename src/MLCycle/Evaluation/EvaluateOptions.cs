namespace MLCycle.Evaluation;

/// <summary>
/// What to evaluate and how, whatever made the predictions (a file of them, or a registered model): the target column,
/// the task and positive class when not inferred, sample weights, slices and quality gates.
/// </summary>
public sealed record EvaluateOptions
{
    /// <summary>The column holding the actual label or value.</summary>
    public required string Target { get; init; }

    /// <summary>The task; null infers it (see <see cref="PredictionFileEvaluator"/>).</summary>
    public TaskKind? Task { get; init; }

    /// <summary>The positive class of a binary task; null takes the greater of the two in ordinal order, as scikit-learn's pos_label=1 is for 0/1 or No/Yes.</summary>
    public string? PositiveClass { get; init; }

    /// <summary>A column of sample weights (numbers &gt;= 0); null weighs every row 1.</summary>
    public string? WeightColumn { get; init; }

    /// <summary>A column to slice by: the metrics are also reported for each of its values.</summary>
    public string? SliceColumn { get; init; }

    /// <summary>Gates checked against the metrics of all rows; <c>beats_baseline</c> needs a baseline, which a predictions file has not.</summary>
    public IReadOnlyList<QualityGate> Gates { get; init; } = [];
}
