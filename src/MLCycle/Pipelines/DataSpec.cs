using MLCycle.Data;

namespace MLCycle.Pipelines;

/// <summary>The <c>data</c> section: the dataset, its target and how to treat its columns.</summary>
public sealed record DataSpec
{
    /// <summary>
    /// Absolute path of the dataset, resolved against the spec's folder (URLs are kept as written). Empty in a spec that
    /// lists <c>sources</c> until <see cref="PipelinePreflight"/> combines them into a temporary file and points here.
    /// </summary>
    public required string Path { get; init; }
    public required string Target { get; init; }
    public TaskSetting Task { get; init; } = TaskSetting.Auto;
    /// <summary>Columns left out of training (identifiers, leaks).</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];
    /// <summary>Columns checked for fairness; they stay features unless also ignored.</summary>
    public IReadOnlyList<string> Sensitive { get; init; } = [];
    /// <summary>Per-column kind overrides that win over schema inference.</summary>
    public IReadOnlyDictionary<string, ColumnKind> Types { get; init; } = new Dictionary<string, ColumnKind>();
    /// <summary>The label treated as positive in binary tasks; null lets training decide.</summary>
    public string? PositiveClass { get; init; }
    /// <summary>The key column on which the spec's sources are left-joined to the first one; null stacks them (union).</summary>
    public string? JoinOn { get; init; }
    /// <summary>The most columns the data may have (<c>data.max_columns</c>); a wider source is refused before its rows are read.</summary>
    public int MaxColumns { get; init; } = TableReadOptions.DefaultMaxColumns;
}
