namespace MLCycle.Profiling;

/// <summary>What the one aggregate pass found for a column; <see cref="Numeric"/> is null for string columns or when no value is present.</summary>
internal sealed record ColumnStatistics(long Count, long Distinct, NumericStats? Numeric);
