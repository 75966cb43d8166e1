namespace MLCycle.Tracking.Search;

/// <summary>A parsed run filter: conditions that must all hold. The store turns it into parameterised SQL, so no filter text
/// ever becomes part of a query.</summary>
public sealed record RunFilter(IReadOnlyList<RunCondition> Conditions)
{
    /// <summary>Attribute names a filter or an order may use.</summary>
    public static IReadOnlyList<string> Attributes { get; } = ["status", "name", "start_time", "end_time", "run_id"];

    /// <summary>Parses <c>metrics.auc &gt; 0.8 and params.algorithm = 'lightgbm' and tags.team = 'risk'</c>; null or blank is no condition.
    /// Throws a <see cref="MLCycleException"/> of kind BadSpec naming the 1-based position, what was expected and what was found.</summary>
    public static RunFilter Parse(string? filter) =>
        string.IsNullOrWhiteSpace(filter) ? new RunFilter([]) : new RunFilter(new RunFilterParser(filter, "filter").ParseFilter());
}
