namespace MLCycle.Registry;

/// <summary>Where an approval request stands. Only a pending request can be approved or rejected; a pending request past its
/// expiry reads as <see cref="Expired"/>, and a newer request for the same alias makes it <see cref="Superseded"/>.</summary>
public enum ApprovalState
{
    Pending,
    Approved,
    Rejected,
    Expired,
    Superseded,
}
