namespace MLCycle.Validation;

/// <summary>The number of rows must lie in [<see cref="Min"/>, <see cref="Max"/>]; a null bound is open.</summary>
public sealed record RowCountExpectation(long? Min, long? Max);
