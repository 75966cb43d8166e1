namespace MLCycle.Validation;

/// <summary>The outcome of one expectation: what was expected, what was found, and which rows broke it.</summary>
public sealed record ExpectationResult
{
    /// <summary>The suite key that states the expectation: exists, type, not_null, max_missing, range, allowed, regex, unique, distribution, row_count or rule.</summary>
    public required string Expectation { get; init; }
    /// <summary>The column checked, or null for row_count and rules.</summary>
    public string? Column { get; init; }
    public required bool Passed { get; init; }
    /// <summary>What the data showed, in words.</summary>
    public required string Observed { get; init; }
    /// <summary>What the suite asked for, in words (the rule text for rules).</summary>
    public required string Expected { get; init; }
    /// <summary>How many rows broke the expectation (0 for expectations about the whole column or table).</summary>
    public long UnexpectedCount { get; init; }
    /// <summary>Up to <see cref="DataValidator.MaxExamples"/> offending rows, in file order.</summary>
    public IReadOnlyList<UnexpectedRow> Examples { get; init; } = [];
}
