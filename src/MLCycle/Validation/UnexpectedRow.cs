namespace MLCycle.Validation;

/// <summary>A row that broke an expectation: its 1-based data row number and the values involved (null when missing).</summary>
public sealed record UnexpectedRow(long Row, IReadOnlyDictionary<string, string?> Values);
