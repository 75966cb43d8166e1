namespace MLCycle;

/// <summary>
/// The largest contributions of input columns to one prediction: <c>Base</c> plus every column's contribution (not only the
/// ones listed) is the model's score for the row on <c>Scale</c> — "value" (regression), "log_value" (a log-link regression),
/// "raw_score" (a binary learner's score before its calibration), or "probability" (the positive class's, or for multiclass
/// the predicted class's, probability).
/// </summary>
/// <param name="Method">"tree_shap", "linear" or "gam" (exact), or "sampling" (permutation Shapley over <paramref name="Samples"/> permutations).</param>
/// <param name="Contributions">The largest by absolute contribution first.</param>
public sealed record PredictionExplanation(double Base, string Scale, string Method, int Samples, IReadOnlyList<ColumnContribution> Contributions);

/// <summary>One input column's contribution to a prediction, with the row's value of that column as given (null when missing).</summary>
public sealed record ColumnContribution(string Column, string? Value, double Contribution);
