using MLCycle.Registry;

namespace MLCycle.Server.Dashboard;

/// <summary>A request on the approval queue as the page shows it: its evidence, read back from the stored JSON (null when it
/// cannot be read), and whether the viewer may decide it (approver on the model and not the requester).</summary>
public sealed record PendingApproval(ApprovalRequest Request, PromotionEvidence? Evidence, bool CanDecide);
