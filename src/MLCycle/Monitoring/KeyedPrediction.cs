namespace MLCycle.Monitoring;

/// <summary>A logged prediction found by the caller's key: the key, the prediction's id and the version that made it.</summary>
public sealed record KeyedPrediction(string Key, string Id, int Version);
