namespace MLCycle;

/// <summary>A classification (label and class probabilities) or regression (value) prediction.</summary>
public sealed record Prediction(string? Label, IReadOnlyDictionary<string, double>? Probabilities, double? Value);
