namespace MLCycle.Monitoring;

/// <summary>One served prediction: the model version, when, the input row and the output, both as JSON text.</summary>
public sealed record PredictionLogEntry(string ModelName, int Version, DateTimeOffset Time, string InputsJson, string OutputJson);
