namespace MLCycle.Server.Json;

/// <summary>PUT/DELETE /api/v1/models/{name}/aliases/{alias}/protection: whether the alias now moves only through approved requests.</summary>
internal sealed record AliasProtection(string Model, string Alias, bool Protected);
