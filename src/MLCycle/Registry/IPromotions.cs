using MLCycle.Tracking;

namespace MLCycle.Registry;

/// <summary>Four-eyes control over alias moves: which aliases are protected, approval requests and their decisions, rollback,
/// and which version each alias pointed to at a given time. A protected alias moves only through an approved request (or a
/// rollback); <see cref="IModelRegistry.SetAliasAsync"/> refuses it as a conflict.</summary>
public interface IPromotions
{
    /// <summary>Whether moving the alias needs an approval: as set with <see cref="SetProtectionAsync"/>, else true for
    /// <c>champion</c> on a store with users and false otherwise.</summary>
    Task<bool> IsProtectedAsync(string name, string alias, CancellationToken ct = default);

    /// <summary>Protects or unprotects the model's alias; on a store with users only an admin may.</summary>
    Task SetProtectionAsync(string name, string alias, bool isProtected, RegistryActor actor, CancellationToken ct = default);

    /// <summary>Files a request to move the alias, superseding the alias's pending requests; the version must exist and differ
    /// from the alias's current one.</summary>
    Task<ApprovalRequest> RequestAsync(PromotionRequest request, CancellationToken ct = default);

    Task<ApprovalRequest> GetRequestAsync(long id, CancellationToken ct = default);

    /// <summary>Requests newest first, of one model or all, in one state or any, a page at a time.</summary>
    Task<Page<ApprovalRequest>> ListRequestsAsync(string? name = null, ApprovalState? state = null, int maxResults = 100, string? pageToken = null,
        CancellationToken ct = default);

    /// <summary>Approves a pending request and moves its alias in the same transaction. The approver needs the approver role on the
    /// model and must not be the requester (<see cref="ErrorKind.Forbidden"/>); a request no longer pending is a conflict naming its state.</summary>
    Task<ApprovalRequest> ApproveAsync(long id, RegistryActor approver, string reason, CancellationToken ct = default);

    /// <summary>Rejects a pending request; the same rules as <see cref="ApproveAsync"/>, and the alias stays.</summary>
    Task<ApprovalRequest> RejectAsync(long id, RegistryActor approver, string reason, CancellationToken ct = default);

    /// <summary>Points the alias back at the version it pointed to before its current one, recorded with reason "rollback";
    /// needs the approver role on the model.</summary>
    Task<AliasChange> RollbackAsync(string name, string alias, RegistryActor actor, CancellationToken ct = default);

    /// <summary>Each alias of the model as it stood at <paramref name="at"/>, by alias name.</summary>
    Task<IReadOnlyList<AliasAtTime>> AliasesAtAsync(string name, DateTimeOffset at, CancellationToken ct = default);
}
