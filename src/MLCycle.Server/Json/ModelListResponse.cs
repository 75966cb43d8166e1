namespace MLCycle.Server.Json;

/// <summary>The body of GET /v1/models.</summary>
internal sealed record ModelListResponse(IReadOnlyList<ModelSummary> Models);
