using System.Text.Json.Serialization;

namespace MLCycle.Registry;

/// <summary>Where an approval request stands. Only a pending request can be approved or rejected; a pending request past its
/// expiry reads as <see cref="Expired"/>, and a newer request for the same alias makes it <see cref="Superseded"/>.
/// In JSON, from every host, a state is its lower-case name, as the store keeps it.</summary>
public enum ApprovalState
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("approved")] Approved,
    [JsonStringEnumMemberName("rejected")] Rejected,
    [JsonStringEnumMemberName("expired")] Expired,
    [JsonStringEnumMemberName("superseded")] Superseded,
}
