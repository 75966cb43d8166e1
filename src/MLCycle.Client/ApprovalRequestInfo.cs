using System.Text.Json;

namespace MLCycle.Client;

/// <summary>A request to point a protected alias at a version, with its evidence and, once decided, who decided it and why.</summary>
public sealed record ApprovalRequestInfo
{
    /// <summary>The request's number.</summary>
    public required long Id { get; init; }

    /// <summary>The model's name.</summary>
    public required string Name { get; init; }

    /// <summary>The alias to move.</summary>
    public required string Alias { get; init; }

    /// <summary>The version it should point at.</summary>
    public required int Version { get; init; }

    /// <summary>Who filed it.</summary>
    public string Requester { get; init; } = "";

    /// <summary>Why it was filed.</summary>
    public string Reason { get; init; } = "";

    /// <summary>Where it stands.</summary>
    public ApprovalState State { get; init; }

    /// <summary>When it was filed.</summary>
    public DateTimeOffset RequestedAt { get; init; }

    /// <summary>When it expires if nobody decides.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The approver or rejecter; null while pending.</summary>
    public string? Decider { get; init; }

    /// <summary>Why it was approved or rejected.</summary>
    public string? DecisionReason { get; init; }

    /// <summary>When it was decided.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The newer request that replaced it.</summary>
    public long? SupersededBy { get; init; }

    /// <summary>The evidence the request carries (metrics beside the champion's, gates, fairness), as the server sent it.</summary>
    public JsonElement? Evidence { get; init; }
}
