using System.Text.Json;

namespace MLCycle.Registry;

/// <summary>A request to point a protected alias at a version, with the evidence it carries and, once decided, who decided
/// it, when and why. <see cref="Evidence"/> is a <see cref="PromotionEvidence"/> as JSON.</summary>
public sealed record ApprovalRequest(
    long Id,
    string Name,
    string Alias,
    int Version,
    string Requester,
    string Reason,
    ApprovalState State,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt)
{
    /// <summary>The approver or rejecter; null while pending.</summary>
    public string? Decider { get; init; }

    public string? DecisionReason { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The newer request for the same alias that replaced this one.</summary>
    public long? SupersededBy { get; init; }

    public JsonElement? Evidence { get; init; }
}
