namespace MLCycle.Training.Algorithms;

/// <summary>
/// One algorithm of the catalog as data: its stable name, what it is, the tasks it trains and the hyperparameters a
/// tuner may search, with the defaults MLCycle trains with today.
/// </summary>
public sealed record AlgorithmDescriptor
{
    /// <summary>The lowercase name <c>train.algorithms</c> takes.</summary>
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<TaskKind> Tasks { get; init; }
    public IReadOnlyList<Hyperparameter> Hyperparameters { get; init; } = [];
    /// <summary>Other names that select this algorithm, kept so older specs still run (<c>linear</c> for <c>sdca</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
    /// <summary>False when the learner cannot weigh rows, so a spec with population weights must not pick it.</summary>
    public bool TakesWeights { get; init; } = true;

    public bool Supports(TaskKind task) => Tasks.Contains(task);
}
