using MLCycle.Profiling;

namespace MLCycle.Reports;

/// <summary>Everything the HTML data profile shows: the dataset profile and, when sensitive columns were checked, the bias report.</summary>
public sealed record ProfileReport
{
    public required string Title { get; init; }
    /// <summary>The file that was profiled, shown under the title.</summary>
    public string? Source { get; init; }
    public required DatasetProfile Profile { get; init; }
    public BiasReport? Bias { get; init; }
    /// <summary>The share below which a bias group counts as under-represented; drawn as a line on the group chart.</summary>
    public double UnderRepresentedShare { get; init; } = new BiasOptions().UnderRepresentedShare;
}
