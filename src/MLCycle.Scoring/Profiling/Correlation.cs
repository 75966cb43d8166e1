namespace MLCycle.Profiling;

/// <summary>
/// The association between two columns: <see cref="Method"/> is <c>pearson</c>, <c>spearman</c>, <c>cramers_v</c> or
/// <c>eta</c> (correlation ratio of a numeric column over a categorical one); <see cref="Value"/> is in [-1, 1] or [0, 1].
/// </summary>
public sealed record Correlation(string Left, string Right, string Method, double Value);
