namespace MLCycle.Training.Algorithms;

/// <summary>
/// A hyperparameter an algorithm tunes: the trainer option it sets (snake_case), the value used without tuning
/// (null when the trainer chooses it from the data), and the range a search should cover.
/// </summary>
public sealed record Hyperparameter(string Name, double? Default, double Minimum, double Maximum)
{
    /// <summary>Whole numbers only (trees, leaves, iterations).</summary>
    public bool Integer { get; init; }
    /// <summary>Searched on a log scale, as rates and counts spanning decades are.</summary>
    public bool LogScale { get; init; }
}
