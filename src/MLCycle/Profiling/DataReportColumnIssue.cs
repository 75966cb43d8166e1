namespace MLCycle.Profiling;

/// <summary>An issue as listed under its column in a <see cref="DataReport"/>: the kind, how many rows it touches and example rows.</summary>
public sealed record DataReportColumnIssue(string Kind, long Count, IReadOnlyList<IssueExample> Examples);
