using System.Text.Json.Serialization;

namespace MLCycle.Client;

/// <summary>Where an approval request stands; only a pending one can be approved or rejected.</summary>
public enum ApprovalState
{
    /// <summary>Waiting for another approver.</summary>
    [JsonStringEnumMemberName("pending")] Pending,

    /// <summary>Approved: the alias moved.</summary>
    [JsonStringEnumMemberName("approved")] Approved,

    /// <summary>Rejected: the alias stayed.</summary>
    [JsonStringEnumMemberName("rejected")] Rejected,

    /// <summary>Nobody decided before it expired.</summary>
    [JsonStringEnumMemberName("expired")] Expired,

    /// <summary>A newer request for the same alias replaced it.</summary>
    [JsonStringEnumMemberName("superseded")] Superseded,
}
