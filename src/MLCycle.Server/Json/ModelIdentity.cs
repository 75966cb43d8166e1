namespace MLCycle.Server.Json;

/// <summary>The model version that answered a prediction request.</summary>
internal sealed record ModelIdentity(string Name, int Version);
