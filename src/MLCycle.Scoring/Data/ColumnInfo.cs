namespace MLCycle.Data;

/// <summary>A column's name, its inferred kind and the type the source reported (e.g. DuckDB's BIGINT).</summary>
public sealed record ColumnInfo(string Name, ColumnKind Kind, string SourceType);
