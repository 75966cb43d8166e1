namespace MLCycle.Data;

/// <summary>A column the model takes as input: its kind, whether it may be missing, and the categories seen in training.</summary>
public sealed record InputColumn(string Name, ColumnKind Kind, bool AllowsMissing, IReadOnlyList<string>? Categories = null);
