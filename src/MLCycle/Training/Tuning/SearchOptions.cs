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
    /// <summary>After the search, blend the finalists on their out-of-fold predictions and keep the blend when it beats them (docs/adr/0020).</summary>
    public bool Ensemble { get; init; } = true;

    /// <summary>The shortest and longest default budgets, in seconds.</summary>
    public const int MinimumSeconds = 10, MaximumSeconds = 100;

    /// <summary>
    /// The budget when a spec has no <c>train</c> key: one second per 4,000 cells (rows × columns), at least
    /// <see cref="MinimumSeconds"/> and at most <see cref="MaximumSeconds"/>, so a 50,000-row table's whole run stays within
    /// 3 minutes on 2 cores. Wide data (more than <see cref="WideFeatureRule.Threshold"/> columns) gets the minimum: each of its
    /// fits pays for a feature screen over every column, so a longer default search would turn a run of seconds into minutes;
    /// <c>train.budget</c> asks for more.
    /// </summary>
    public static SearchOptions Default(int rows, int columns)
    {
        if (columns > WideFeatureRule.Threshold)
        {
            return new SearchOptions
            {
                Budget = TimeSpan.FromSeconds(MinimumSeconds),
                BudgetReason = $"default: {MinimumSeconds} s for wide data ({columns} columns > {WideFeatureRule.Threshold}; set train.budget for a longer search)",
            };
        }
        var seconds = Math.Clamp((double)rows * columns / 4_000, MinimumSeconds, MaximumSeconds);
        return new SearchOptions
        {
            Budget = TimeSpan.FromSeconds(Math.Round(seconds)),
            BudgetReason = $"default: {rows:N0} rows × {columns} columns / 4,000, between {MinimumSeconds} and {MaximumSeconds} s",
        };
    }
}
