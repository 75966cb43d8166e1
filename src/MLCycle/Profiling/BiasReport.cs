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
    /// <summary>Plain sentences for people, per sensitive column and then for the intersection.</summary>
    public IReadOnlyList<string> Findings { get; init; } = [];
    /// <summary>The same sentences keyed by the column, or intersection "a×b", they are about.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FindingsByColumn { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The groups of one column, or of the intersection "a×b".</summary>
    public IEnumerable<BiasGroupShare> GroupsOf(string column) => Groups.Where(g => g.Column == column);

    /// <summary>The findings about one column, or about the intersection "a×b".</summary>
    public IReadOnlyList<string> FindingsOf(string column) => FindingsByColumn.GetValueOrDefault(column) ?? [];
}
