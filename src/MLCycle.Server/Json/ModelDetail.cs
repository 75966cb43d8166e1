using MLCycle.Registry;

namespace MLCycle.Server.Json;

/// <summary>GET /api/v1/models/{name}: the model, whether each alias is protected and, with ?at=, which version each alias
/// pointed to then, who moved it and which approval request it came from.</summary>
internal sealed record ModelDetail(RegisteredModel Model, IReadOnlyDictionary<string, bool> Protected)
{
    public DateTimeOffset? At { get; init; }
    public IReadOnlyList<AliasAtTime>? AliasesAt { get; init; }
}
