namespace MLCycle.Monitoring;

/// <summary>A logged prediction joined with its outcome: the version that served it, when, its output (JSON) and the truth.</summary>
public sealed record LabelledPrediction(string Id, int Version, DateTimeOffset Time, string OutputJson, string? Label, double? Value);
