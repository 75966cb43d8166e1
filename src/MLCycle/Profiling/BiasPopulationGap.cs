namespace MLCycle.Profiling;

/// <summary>
/// How a sensitive column's groups compare with the expected population: a chi-squared goodness-of-fit test and
/// the sample weight per group (expected share / observed share) that would make the data match.
/// </summary>
public sealed record BiasPopulationGap
{
    public required string Column { get; init; }
    /// <summary>One entry per expected group, in the order given.</summary>
    public required IReadOnlyList<BiasGroupGap> Groups { get; init; }
    public required double ChiSquared { get; init; }
    public required int DegreesOfFreedom { get; init; }
    public required double PValue { get; init; }
    /// <summary>Rows whose group has no expected share (often the missing group); they are left out of the test and keep weight 1.</summary>
    public long UnlistedRows { get; init; }
}
