namespace MLCycle.Evaluation;

/// <summary>The outcome of one quality gate: the gate text, whether it passed, the model's value and what was expected.</summary>
public sealed record GateResult(string Gate, bool Passed, double? Actual, string Expected);
