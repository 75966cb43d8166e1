namespace MLCycle.Registry;

/// <summary>One member of an ensemble package: its algorithm, the ML.NET model file inside the package, and its weight in the blend.</summary>
public sealed record EnsembleEntry(string Algorithm, string File, double Weight);
