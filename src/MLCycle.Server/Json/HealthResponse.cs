namespace MLCycle.Server.Json;

/// <summary>The body of GET /health.</summary>
internal sealed record HealthResponse(string Status);
