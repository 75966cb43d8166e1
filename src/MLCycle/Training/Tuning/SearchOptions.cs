namespace MLCycle.Training.Tuning;

/// <summary>
/// How long to search algorithms and hyperparameters together: a time budget for the cross-validated trials, a fixed
/// number of trials (reproducible with the run's seed), or both (whichever ends first).
/// </summary>
public sealed record SearchOptions
{
    /// <summary>Wall-clock time the trials may take; the refit of the finalists comes after it. Null: no time limit.</summary>
    public TimeSpan? Budget { get; init; }
    /// <summary>Trials to run at most, the baseline's included. Null: as many as the budget allows.</summary>
    public int? Trials { get; init; }
    /// <summary>How the budget was chosen, for the run's output ("spec", or the default rule with its numbers).</summary>
    public string? BudgetReason { get; init; }
    /// <summary>Learners refitted on the whole training part and scored on the test set after the search, the baseline aside.</summary>
    public int Finalists { get; init; } = 3;

    /// <summary>
    /// The budget when a spec has no <c>train</c> key: one second per 4,000 cells (rows × columns), at least 10 s and at
    /// most 100 s, so a 50,000-row table's whole run stays within 3 minutes on 2 cores.
    /// </summary>
    public static SearchOptions Default(int rows, int columns)
    {
        var seconds = Math.Clamp((double)rows * columns / 4_000, 10, 100);
        return new SearchOptions
        {
            Budget = TimeSpan.FromSeconds(Math.Round(seconds)),
            BudgetReason = $"default: {rows:N0} rows × {columns} columns / 4,000, between 10 and 100 s",
        };
    }
}
