namespace MLCycle.Training.Tuning;

/// <summary>What a search did: every trial in the order it ran, the time it took against its budget, and why it stopped.</summary>
public sealed record SearchReport
{
    public required IReadOnlyList<Trial> Trials { get; init; }
    public TimeSpan? Budget { get; init; }
    public string? BudgetReason { get; init; }
    /// <summary>Wall-clock time of the trials (the finalists' refit is not in it).</summary>
    public required TimeSpan Elapsed { get; init; }
    /// <summary>One sentence: trials run, time against the budget, learners dropped and why the search stopped.</summary>
    public required string Summary { get; init; }
}
