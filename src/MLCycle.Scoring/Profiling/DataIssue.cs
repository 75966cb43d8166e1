namespace MLCycle.Profiling;

/// <summary>
/// A problem found in the data: a machine-readable <see cref="Kind"/> (see <see cref="DataIssueKinds"/>), the column
/// it concerns (null for whole-table issues), how many rows it touches, example rows, a sentence for people, and
/// optionally the numbers behind it (e.g. an outlier check's bounds) by name.
/// </summary>
public sealed record DataIssue(
    string Kind, string? Column, long Count, IReadOnlyList<IssueExample> Examples, string Message,
    IReadOnlyDictionary<string, double>? Details = null);

/// <summary>An example of an issue: the 1-based data row and the value found there.</summary>
public sealed record IssueExample(long Row, string? Value);
