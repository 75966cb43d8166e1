namespace MLCycle.Validation;

/// <summary>The outcome of checking a dataset against a suite.</summary>
public sealed record ValidationResult
{
    /// <summary>True when every expectation passed.</summary>
    public required bool Success { get; init; }
    public required IReadOnlyList<ExpectationResult> Results { get; init; }
    /// <summary>Rows in the data.</summary>
    public required long Rows { get; init; }
}
