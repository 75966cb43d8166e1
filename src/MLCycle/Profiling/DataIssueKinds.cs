namespace MLCycle.Profiling;

/// <summary>The kinds of <see cref="DataIssue"/> the profiler reports.</summary>
public static class DataIssueKinds
{
    public const string MixedTypes = "mixed_types";
    public const string InconsistentCategories = "inconsistent_categories";
    public const string SentinelValues = "sentinel_values";
    public const string Outliers = "outliers";
    public const string ImpossibleValues = "impossible_values";
    public const string DuplicateRows = "duplicate_rows";
    public const string DuplicateKeys = "duplicate_keys";
    public const string Constant = "constant";
    public const string NearConstant = "near_constant";
    public const string HighCardinality = "high_cardinality";
    public const string PossibleLeakage = "possible_leakage";
    public const string ClassImbalance = "class_imbalance";
}
