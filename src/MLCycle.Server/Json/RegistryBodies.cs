namespace MLCycle.Server.Json;

// The request bodies of the registry and approval routes, which read them by hand (JsonBodyReader) to answer every bad field at
// once; these records give the OpenAPI document their shapes (camelCase, as the routes read them).

/// <summary>PUT /api/v1/models/{name}/aliases/{alias}.</summary>
internal sealed record MoveAliasRequest(int Version, string? Reason);

/// <summary>POST /api/v1/models/{name}/versions: the run whose uploaded package becomes the next version, and optionally the number
/// the caller expects it to take (a conflict if another registration took it meanwhile).</summary>
internal sealed record RegisterVersionRequest(string RunId, int? Version);

/// <summary>POST /api/v1/models/{name}/rollback: the alias to roll back, champion when absent.</summary>
internal sealed record RollbackRequest(string? Alias);

/// <summary>POST /api/v1/models/{name}/approval-requests; expiresIn is an age such as "7d" (the default).</summary>
internal sealed record FileApprovalRequest(int Version, string? Alias, string Reason, string? ExpiresIn);

/// <summary>POST /api/v1/approval-requests/{id}/approve and /reject: a decision keeps its reason.</summary>
internal sealed record DecisionRequest(string Reason);
