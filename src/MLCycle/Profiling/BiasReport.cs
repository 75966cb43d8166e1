namespace MLCycle.Profiling;

/// <summary>The result of a bias check: group shares and target rates, gaps to the expected population, and findings in words.</summary>
public sealed record BiasReport
{
    public required long Rows { get; init; }
    /// <summary>The sensitive columns, with the bands used for numeric ones.</summary>
    public required IReadOnlyList<BiasColumn> Columns { get; init; }
    /// <summary>Groups per sensitive column, then per intersection of all of them; largest first within each.</summary>
    public required IReadOnlyList<BiasGroupShare> Groups { get; init; }
    /// <summary>One per column with expected shares.</summary>
    public IReadOnlyList<BiasPopulationGap> Gaps { get; init; } = [];
    /// <summary>Plain sentences for people.</summary>
    public IReadOnlyList<string> Findings { get; init; } = [];

    /// <summary>The groups of one column, or of the intersection "a×b".</summary>
    public IEnumerable<BiasGroupShare> GroupsOf(string column) => Groups.Where(g => g.Column == column);
}
