namespace MLCycle.Serving;

/// <summary>The answer to a batch of input rows: one prediction per valid row, the reasons for each invalid one, and warnings.</summary>
public sealed record ScoringResult(
    IReadOnlyList<Prediction?> Predictions,
    IReadOnlyList<InputError> Errors,
    IReadOnlyList<string> Warnings)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>How many of the warnings are of each kind (<see cref="ScoringWarningKind"/>), for metrics.</summary>
    public IReadOnlyDictionary<string, int> WarningKinds { get; init; } = new Dictionary<string, int>();
}

/// <summary>Why an input row was refused: the row index (0-based), the field, and the reason.</summary>
public sealed record InputError(int Row, string Field, string Reason);
