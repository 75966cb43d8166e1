namespace MLCycle.Monitoring;

/// <summary>What really happened for a served prediction: its id and the true label (classification) or value (regression).</summary>
public sealed record PredictionOutcome(string Id, string? Label, double? Value);
