using MLCycle.Evaluation;

namespace MLCycle.Pipelines;

/// <summary>The <c>evaluate</c> section: quality gates a model must pass, as written (e.g. "auc >= 0.80"), and the metric that ranks models.</summary>
public sealed record EvaluateSpec
{
    public IReadOnlyList<string> Gates { get; init; } = [];
    /// <summary><c>metric</c>: the metric that ranks candidates and decides promotion; null for the task's own (auc, macro_f1, rmse).</summary>
    public string? Metric { get; init; }
    /// <summary><c>test_sets</c>: labelled files (full paths, or addresses) the chosen model is also scored on, beside the split's test rows.</summary>
    public IReadOnlyList<string> TestSets { get; init; } = [];
    /// <summary><c>slices</c>: columns whose values (or given bins) the test rows and every test set are sliced by.</summary>
    public IReadOnlyList<SliceSpec> Slices { get; init; } = [];
    /// <summary><c>baseline</c>: a file of an expert's predictions for rows of the data (full path); null when absent.</summary>
    public string? Baseline { get; init; }
    /// <summary><c>baseline_key</c>: the column matching the expert's rows to the data's; null matches them by row order.</summary>
    public string? BaselineKey { get; init; }
    /// <summary><c>promote_if: significant</c>: a challenger must beat the champion by more than noise (a paired test, p &lt; 0.05), not just score higher.</summary>
    public bool PromoteIfSignificant { get; init; }
}
