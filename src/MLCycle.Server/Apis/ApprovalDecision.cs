using System.Text.Json;
using MLCycle.Registry;
using MLCycle.Server.Auth;
using MLCycle.Serving;
using MLCycle.Storage;

namespace MLCycle.Server.Apis;

/// <summary>What every host route does around a four-eyes decision or request (the REST API and the dashboard's forms alike):
/// the library call, the cache's alias refresh after an approval, and the audit note with before and after.</summary>
public static class ApprovalDecision
{
    /// <summary>Approves or rejects request <paramref name="id"/> as <paramref name="actor"/>; throws the library's
    /// <see cref="MLCycleException"/> (Forbidden for one's own request, Conflict for one no longer pending).</summary>
    public static async Task<ApprovalRequest> DecideAsync(HttpContext context, MLCycleStore store, ModelCache cache, long id, bool approve,
        RegistryActor actor, string reason, CancellationToken ct)
    {
        var decided = approve
            ? await store.Promotions.ApproveAsync(id, actor, reason, ct)
            : await store.Promotions.RejectAsync(id, actor, reason, ct);
        // This replica serves the approved version from the next request; the others within the cache's alias lifetime.
        if (approve) cache.ForgetAliases(decided.Name);
        context.Features.Set(new AuditNote($"{decided.Name}@{decided.Alias}", JsonSerializer.Serialize(new { request = id, state = "pending" }),
            JsonSerializer.Serialize(new { request = id, state = decided.State.ToString().ToLowerInvariant(), version = decided.Version })));
        return decided;
    }

    /// <summary>Notes a newly filed request for the audit trail.</summary>
    public static void NoteFiled(HttpContext context, ApprovalRequest request) =>
        context.Features.Set(new AuditNote($"{request.Name}@{request.Alias}", null,
            JsonSerializer.Serialize(new { request = request.Id, version = request.Version, state = "pending" })));
}
