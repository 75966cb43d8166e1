using MLCycle.Training;
using MLCycle.Training.Algorithms;
using MLCycle.Training.Tuning;

namespace MLCycle.Pipelines;

/// <summary>What a spec's <c>train</c> section asks the trainer to search: which learners, and for how long.</summary>
public static class SearchSpace
{
    /// <summary>
    /// The listed algorithms; a search without a list covers every catalog learner for the task (those that weigh rows,
    /// when the run has weights), and always keeps the baseline as the reference.
    /// </summary>
    public static IReadOnlyList<string> Algorithms(TrainSpec train, TaskKind task, bool weighted)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (!train.Searches) return train.Algorithms;
        var names = train.AlgorithmsListed
            ? train.Algorithms
            : AlgorithmCatalog.For(task).Where(d => !weighted || d.TakesWeights).Select(d => d.Name).ToList();
        return names.Any(n => n.Trim().Equals("baseline", StringComparison.OrdinalIgnoreCase)) ? names : [.. names, "baseline"];
    }

    /// <summary>The search's budget and trials; null when the spec lists algorithms without asking for a search.</summary>
    public static SearchOptions? Options(TrainSpec train, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (!train.Searches) return null;
        if (train.Budget is null && train.Trials is null) return SearchOptions.Default(rows, columns);
        return new SearchOptions { Budget = train.Budget, Trials = train.Trials, BudgetReason = train.Budget is null ? null : "spec" };
    }
}
