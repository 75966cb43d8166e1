namespace MLCycle.Validation;

/// <summary>Present values must lie in [<see cref="Min"/>, <see cref="Max"/>]; a null bound is open.</summary>
public sealed record ValueRange(double? Min, double? Max);
