namespace MLCycle.Validation;

/// <summary>What a dataset is expected to look like: a row count, per-column expectations and cross-column rules.</summary>
public sealed record ExpectationSuite
{
    /// <summary>Bounds on the number of rows, or null to leave it unchecked.</summary>
    public RowCountExpectation? RowCount { get; init; }

    /// <summary>Expectations per column, in the order the suite lists them.</summary>
    public IReadOnlyList<ColumnExpectations> Columns { get; init; } = [];

    /// <summary>Conditions every row must meet, such as <c>age &gt;= years_employed + 14</c>.</summary>
    public IReadOnlyList<CrossColumnRule> Rules { get; init; } = [];

    // Value equality over the lists as well, so a suite written to YAML and read back compares equal.
    public bool Equals(ExpectationSuite? other) =>
        other is not null && Equals(RowCount, other.RowCount) &&
        Columns.SequenceEqual(other.Columns) && Rules.SequenceEqual(other.Rules);

    public override int GetHashCode() => HashCode.Combine(RowCount, Columns.Count, Rules.Count);
}
