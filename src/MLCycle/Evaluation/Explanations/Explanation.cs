namespace MLCycle.Evaluation.Explanations;

/// <summary>
/// How each input column moved one prediction away from the base value: <c>Base + Σ Contributions</c> equals the model's
/// score for the row on <see cref="Scale"/> ("value", "log_value", "raw_score" or "probability").
/// </summary>
/// <param name="Method">"tree_shap", "linear" or "gam" (exact), or "sampling" (permutation Shapley over <paramref name="Samples"/> permutations).</param>
/// <param name="Contributions">One per input column, in manifest order.</param>
public sealed record Explanation(double Base, string Scale, string Method, int Samples, IReadOnlyList<double> Contributions);
