namespace MLCycle.Server.Json;

/// <summary>The body of GET /health: "ok", or "degraded" with the reasons (null when ok).</summary>
internal sealed record HealthResponse(string Status, IReadOnlyList<string>? Reasons = null);
