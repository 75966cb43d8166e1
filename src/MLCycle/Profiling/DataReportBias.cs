namespace MLCycle.Profiling;

/// <summary>
/// The bias check of one sensitive column, or of the intersection of all of them, in a <see cref="DataReport"/>:
/// its groups, the gap to the expected population when one was declared, and the findings about it.
/// </summary>
public sealed record DataReportBias
{
    /// <summary>The sensitive column, or every sensitive column for the intersection.</summary>
    public required IReadOnlyList<string> Columns { get; init; }
    /// <summary>The band edges when a numeric column was grouped into bands; null otherwise and for the intersection.</summary>
    public IReadOnlyList<double>? BandEdges { get; init; }
    /// <summary>Largest first.</summary>
    public required IReadOnlyList<DataReportBiasGroup> Groups { get; init; }
    /// <summary>The chi-squared test and correcting weights against the expected shares; null when none were declared.</summary>
    public BiasPopulationGap? PopulationGap { get; init; }
    public required IReadOnlyList<string> Findings { get; init; }

    /// <summary>One entry per sensitive column, then one for their intersection when there are several.</summary>
    public static IReadOnlyList<DataReportBias> From(BiasReport bias)
    {
        ArgumentNullException.ThrowIfNull(bias);
        var entries = bias.Columns.Select(c => Entry(bias, c.Name, [c.Name], c.BandEdges)).ToList();
        if (bias.Columns.Count > 1)
        {
            var names = bias.Columns.Select(c => c.Name).ToList();
            entries.Add(Entry(bias, string.Join("×", names), names, null));
        }
        return entries;
    }

    private static DataReportBias Entry(BiasReport bias, string key, IReadOnlyList<string> columns, IReadOnlyList<double>? edges) => new()
    {
        Columns = columns,
        BandEdges = edges,
        Groups = bias.GroupsOf(key).Select(g => new DataReportBiasGroup
        {
            Group = g.Label,
            Values = g.Values,
            Rows = g.Count,
            Share = g.Share,
            UnderRepresented = g.UnderRepresented,
            MissingShare = g.MissingShare,
            TargetRate = g.TargetRate,
        }).ToList(),
        PopulationGap = bias.Gaps.FirstOrDefault(g => g.Column == key),
        Findings = bias.FindingsOf(key),
    };
}
