namespace MLCycle.Profiling;

/// <summary>
/// The machine-readable profile of a data file: rows, per-column facts with their issues, every issue, and the bias check;
/// the library owns this shape so every host (CLI JSON, server) writes the same document.
/// </summary>
public sealed record DataReport
{
    public required long Rows { get; init; }
    public required IReadOnlyList<DataReportColumn> Columns { get; init; }
    /// <summary>Every issue found, whole-table ones included, in the profiler's order.</summary>
    public required IReadOnlyList<DataIssue> Issues { get; init; }
    /// <summary>The bias check: one entry per sensitive column, then their intersection; empty when none were named.</summary>
    public IReadOnlyList<DataReportBias> Bias { get; init; } = [];

    /// <summary>Builds the report from a profile and, when sensitive columns were checked, its bias report.</summary>
    public static DataReport Create(DatasetProfile profile, BiasReport? bias = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var byColumn = profile.Issues.Where(i => i.Column is not null).ToLookup(i => i.Column!, StringComparer.Ordinal);
        return new DataReport
        {
            Rows = profile.Rows,
            Columns = profile.Columns.Select(c => new DataReportColumn
            {
                Name = c.Name,
                Type = c.Kind,
                Missing = c.Missing,
                Distinct = c.Distinct,
                Stats = DataReportStats.Of(c),
                Issues = byColumn[c.Name].Select(i => new DataReportColumnIssue(i.Kind, i.Count, i.Examples)).ToList(),
            }).ToList(),
            Issues = profile.Issues,
            Bias = bias is null ? [] : DataReportBias.From(bias),
        };
    }
}
