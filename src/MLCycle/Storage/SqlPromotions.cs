using System.Data.Common;
using System.Text.Json;
using Dapper;
using MLCycle.Access;
using MLCycle.Registry;
using MLCycle.Tracking;

namespace MLCycle.Storage;

/// <summary>Alias protection, approval requests, rollback and production history over any SQL engine. Every write takes the
/// model's row lock first (as the registry's alias moves do), so a decision and the alias move it makes take turns with any
/// other write to the model, and two approvals of one request cannot both win.</summary>
internal sealed partial class SqlPromotions(StoreDatabase database, SqlModelRegistry registry, ITrackingStore tracking, ArtifactStore artifacts) : IPromotions
{
    private const string SelectRequest = """
        SELECT request_id AS Id, name AS Name, alias AS Alias, version AS Version, requester AS Requester, reason AS Reason,
               state AS State, requested_at AS RequestedAt, expires_at AS ExpiresAt, decider AS Decider,
               decision_reason AS DecisionReason, decided_at AS DecidedAt, superseded_by AS SupersededBy, evidence AS Evidence
        FROM approval_requests
        """;

    public Task<bool> IsProtectedAsync(string name, string alias, CancellationToken ct = default)
    {
        ModelReference.RequireModelName(name);
        ModelReference.RequireAlias(alias);
        return database.ReadAsync(c => IsProtectedAsync(c, null, name, alias, ct), ct);
    }

    /// <summary>Protection as stored, else the default: champion is protected on a store with users (a team store).</summary>
    internal static async Task<bool> IsProtectedAsync(DbConnection c, DbTransaction? t, string name, string alias, CancellationToken ct)
    {
        var stored = await c.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT is_protected FROM alias_protection WHERE name = @Name AND alias = @Alias", new { Name = name, Alias = alias }, t, cancellationToken: ct)).ConfigureAwait(false);
        if (stored is { } value) return value != 0;
        return alias == ModelReference.DefaultAlias && await HasUsersAsync(c, t, ct).ConfigureAwait(false);
    }

    public Task SetProtectionAsync(string name, string alias, bool isProtected, RegistryActor actor, CancellationToken ct = default)
    {
        ModelReference.RequireModelName(name);
        ModelReference.RequireAlias(alias);
        ArgumentNullException.ThrowIfNull(actor);
        return database.InTransactionAsync(async (c, t) =>
        {
            await registry.LockModelAsync(c, t, name, ct).ConfigureAwait(false);
            await RequireRoleAsync(c, t, actor, Role.Admin, name, "protect or unprotect its aliases", ct).ConfigureAwait(false);
            var before = await IsProtectedAsync(c, t, name, alias, ct).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            await c.ExecuteAsync(new CommandDefinition(
                database.Dialect.Upsert("alias_protection", ["name", "alias"], ["is_protected", "actor", "changed_at"]),
                new { name, alias, is_protected = isProtected ? 1 : 0, actor = actor.Name, changed_at = now.ToUnixTimeMilliseconds() }, t, cancellationToken: ct)).ConfigureAwait(false);
            return await AuditAsync(c, t, actor.Name, isProtected ? "models.alias.protect" : "models.alias.unprotect", $"{name}@{alias}", null,
                new { @protected = before }, new { @protected = isProtected }, now, ct).ConfigureAwait(false);
        }, ct);
    }

    public async Task<ApprovalRequest> RequestAsync(PromotionRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ModelReference.RequireModelName(request.Name);
        ModelReference.RequireAlias(request.Alias);
        RequireText(request.Reason, "Requesting a promotion needs a reason (--reason) for the approver to read.");
        RequireText(request.Requester, "Requesting a promotion needs a requester (who asks) for its history.");
        if (request.ExpiresIn <= TimeSpan.Zero)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"A request's expiry must be in the future; found {request.ExpiresIn}.");
        }
        var version = await registry.GetVersionAsync(request.Name, request.Version, ct).ConfigureAwait(false);
        var evidence = request.Evidence ?? await PromotionEvidence.ReadAsync(tracking, artifacts, version, ct).ConfigureAwait(false);
        var evidenceJson = JsonSerializer.Serialize(evidence, ModelPackageJson.Options);
        return await database.InTransactionAsync(async (c, t) =>
        {
            await registry.LockModelAsync(c, t, request.Name, ct).ConfigureAwait(false);
            await SqlModelRegistry.GetVersionAsync(c, t, request.Name, request.Version, ct).ConfigureAwait(false);
            if (await SqlModelRegistry.CurrentAliasVersionAsync(c, t, request.Name, request.Alias, ct).ConfigureAwait(false) == request.Version)
            {
                throw new MLCycleException(ErrorKind.Conflict, $"Alias '{request.Alias}' of model '{request.Name}' already points at version {request.Version}; there is nothing to approve.");
            }
            var now = DateTimeOffset.UtcNow;
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO approval_requests (name, alias, version, requester, reason, state, requested_at, expires_at, evidence)
                VALUES (@Name, @Alias, @Version, @Requester, @Reason, 'pending', @RequestedAt, @ExpiresAt, @Evidence)
                RETURNING request_id
                """,
                new
                {
                    request.Name, request.Alias, request.Version, request.Requester, request.Reason, RequestedAt = now.ToUnixTimeMilliseconds(),
                    ExpiresAt = (now + request.ExpiresIn).ToUnixTimeMilliseconds(), Evidence = evidenceJson,
                }, t, cancellationToken: ct)).ConfigureAwait(false);
            // A newer request for the alias replaces the waiting ones: approvers decide on the latest evidence only.
            await c.ExecuteAsync(new CommandDefinition("""
                UPDATE approval_requests SET state = 'superseded', superseded_by = @Id
                WHERE name = @Name AND alias = @Alias AND state = 'pending' AND request_id <> @Id
                """, new { Id = id, request.Name, request.Alias }, t, cancellationToken: ct)).ConfigureAwait(false);
            await AuditAsync(c, t, request.Requester, "models.approval.request", $"{request.Name}@{request.Alias}", request.Reason,
                null, new { request = id, version = request.Version, state = "pending" }, now, ct).ConfigureAwait(false);
            return await FindAsync(c, t, id, ct).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
    }

    public Task<ApprovalRequest> GetRequestAsync(long id, CancellationToken ct = default) =>
        database.ReadAsync(c => FindAsync(c, null, id, ct), ct);

    public Task<Page<ApprovalRequest>> ListRequestsAsync(string? name = null, ApprovalState? state = null, int maxResults = 100, string? pageToken = null,
        CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        if (name is not null) ModelReference.RequireModelName(name);
        var after = pageToken is null ? long.MaxValue : PageToken.Decode(pageToken);
        return database.ReadAsync(async c =>
        {
            if (name is not null) await RequireModelAsync(c, name, ct).ConfigureAwait(false);
            var filters = new List<string> { "request_id < @After" };
            if (name is not null) filters.Add("name = @Name");
            filters.Add(state switch
            {
                null => "1 = 1",
                ApprovalState.Pending => "state = 'pending' AND expires_at > @Now",
                ApprovalState.Expired => "(state = 'expired' OR (state = 'pending' AND expires_at <= @Now))",
                _ => "state = @State",
            });
            var rows = (await c.QueryAsync<RequestRow>(new CommandDefinition(
                $"{SelectRequest} WHERE {string.Join(" AND ", filters)} ORDER BY request_id DESC LIMIT @Limit",
                new { After = after, Name = name, State = state?.ToString().ToLowerInvariant(), Now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Limit = maxResults + 1 },
                cancellationToken: ct)).ConfigureAwait(false)).ToList();
            var page = rows.Take(maxResults).Select(r => r.ToRequest()).ToList();
            return new Page<ApprovalRequest>(page, rows.Count > maxResults ? PageToken.Encode(page[^1].Id) : null);
        }, ct);
    }

    public Task<ApprovalRequest> ApproveAsync(long id, RegistryActor approver, string reason, CancellationToken ct = default) =>
        DecideAsync(id, approver, reason, approve: true, ct);

    public Task<ApprovalRequest> RejectAsync(long id, RegistryActor approver, string reason, CancellationToken ct = default) =>
        DecideAsync(id, approver, reason, approve: false, ct);

    private Task<ApprovalRequest> DecideAsync(long id, RegistryActor actor, string reason, bool approve, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var verb = approve ? "approve" : "reject";
        RequireText(reason, $"To {verb} a request, give a reason (--reason): it is kept with the decision.");
        return database.InTransactionAsync(async (c, t) =>
        {
            var name = (await FindAsync(c, t, id, ct).ConfigureAwait(false)).Name;
            await registry.LockModelAsync(c, t, name, ct).ConfigureAwait(false);
            // Read again under the lock: another decision may have landed between the first read and the lock.
            var request = await FindAsync(c, t, id, ct).ConfigureAwait(false);
            await RequireRoleAsync(c, t, actor, Role.Approver, name, $"{verb} its approval requests", ct).ConfigureAwait(false);
            if (string.Equals(actor.Name, request.Requester, StringComparison.Ordinal))
            {
                throw new MLCycleException(ErrorKind.Forbidden,
                    $"User '{actor.Name}' filed approval request #{id} and cannot {verb} it: four-eyes promotion needs another approver.");
            }
            if (request.State != ApprovalState.Pending)
            {
                throw new MLCycleException(ErrorKind.Conflict, $"Approval request #{id} cannot be {verb}d: it is {Describe(request)}.");
            }
            var now = DateTimeOffset.UtcNow;
            var state = approve ? ApprovalState.Approved : ApprovalState.Rejected;
            var changed = await c.ExecuteAsync(new CommandDefinition("""
                UPDATE approval_requests SET state = @State, decider = @Decider, decision_reason = @Reason, decided_at = @DecidedAt
                WHERE request_id = @Id AND state = 'pending'
                """, new { State = state.ToString().ToLowerInvariant(), Decider = actor.Name, Reason = reason, DecidedAt = now.ToUnixTimeMilliseconds(), Id = id },
                t, cancellationToken: ct)).ConfigureAwait(false);
            if (changed != 1)
            {
                throw new MLCycleException(ErrorKind.Conflict, $"Approval request #{id} was decided by someone else meanwhile.");
            }
            if (approve)
            {
                await registry.MoveAliasAsync(c, t, name, request.Alias, request.Version, actor.Name,
                    $"approved request #{id} of {request.Requester} ({request.Reason}): {reason}", ct, id).ConfigureAwait(false);
            }
            await AuditAsync(c, t, actor.Name, $"models.approval.{verb}", $"{name}@{request.Alias}", reason,
                new { request = id, state = "pending" }, new { request = id, state = state.ToString().ToLowerInvariant(), version = request.Version }, now, ct).ConfigureAwait(false);
            return await FindAsync(c, t, id, ct).ConfigureAwait(false);
        }, ct);
    }

    public Task<AliasChange> RollbackAsync(string name, string alias, RegistryActor actor, CancellationToken ct = default)
    {
        ModelReference.RequireModelName(name);
        ModelReference.RequireAlias(alias);
        ArgumentNullException.ThrowIfNull(actor);
        return database.InTransactionAsync(async (c, t) =>
        {
            await registry.LockModelAsync(c, t, name, ct).ConfigureAwait(false);
            await RequireRoleAsync(c, t, actor, Role.Approver, name, "roll back its aliases", ct).ConfigureAwait(false);
            var current = await SqlModelRegistry.CurrentAliasVersionAsync(c, t, name, alias, ct).ConfigureAwait(false)
                ?? throw SqlModelRegistry.UnknownAlias(name, alias);
            // The newest earlier target of the alias other than today's: what it pointed to before the move now in force.
            var previous = await c.ExecuteScalarAsync<int?>(new CommandDefinition($"""
                SELECT h.to_version FROM alias_history h
                WHERE h.name = @Name AND h.alias = @Alias AND h.to_version IS NOT NULL AND h.to_version <> @Current
                  AND EXISTS (SELECT 1 FROM model_versions v WHERE v.name = h.name AND v.version = h.to_version)
                ORDER BY h.history_id DESC LIMIT 1
                """, new { Name = name, Alias = alias, Current = current }, t, cancellationToken: ct)).ConfigureAwait(false)
                ?? throw new MLCycleException(ErrorKind.Conflict,
                    $"Alias '{alias}' of model '{name}' has pointed only at version {current}; there is no earlier version to roll back to.");
            await registry.MoveAliasAsync(c, t, name, alias, previous, actor.Name, "rollback", ct).ConfigureAwait(false);
            return new AliasChange(name, alias, current, previous, actor.Name, "rollback", DateTimeOffset.UtcNow);
        }, ct);
    }

    public Task<IReadOnlyList<AliasAtTime>> AliasesAtAsync(string name, DateTimeOffset at, CancellationToken ct = default)
    {
        ModelReference.RequireModelName(name);
        return database.ReadAsync<IReadOnlyList<AliasAtTime>>(async c =>
        {
            await RequireModelAsync(c, name, ct).ConfigureAwait(false);
            var rows = await c.QueryAsync<AtRow>(new CommandDefinition("""
                SELECT h.alias AS Alias, h.to_version AS Version, h.actor AS MovedBy, h.changed_at AS MovedAt, h.reason AS Reason,
                       h.request_id AS RequestId, r.requester AS RequestedBy
                FROM alias_history h LEFT JOIN approval_requests r ON r.request_id = h.request_id
                WHERE h.name = @Name AND h.changed_at <= @At
                ORDER BY h.history_id
                """, new { Name = name, At = at.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
            // The last move of each alias up to the moment wins; an alias deleted by then is left out.
            var last = new Dictionary<string, AtRow>(StringComparer.Ordinal);
            foreach (var row in rows) last[row.Alias] = row;
            return last.Values.Where(r => r.Version is not null).OrderBy(r => r.Alias, StringComparer.Ordinal)
                .Select(r => new AliasAtTime(r.Alias, r.Version!.Value, r.MovedBy, DateTimeOffset.FromUnixTimeMilliseconds(r.MovedAt), r.Reason, r.RequestId, r.RequestedBy))
                .ToList();
        }, ct);
    }

    private static async Task RequireRoleAsync(DbConnection c, DbTransaction t, RegistryActor actor, Role role, string name, string what, CancellationToken ct)
    {
        if (actor.Access is { } access)
        {
            if (!access.Allows(role, GrantScope.Model, name))
            {
                throw new MLCycleException(ErrorKind.Forbidden,
                    $"User '{access.Name}' needs the role {Roles.Name(role)} or higher on model '{name}' to {what}; an admin grants it with 'mlcycle users grant'.");
            }
            return;
        }
        if (await HasUsersAsync(c, t, ct).ConfigureAwait(false))
        {
            throw new MLCycleException(ErrorKind.Forbidden,
                $"This store has users, so only a verified user may {what} of model '{name}': set MLCYCLE_TOKEN to your API token ('{actor.Name}' is not verified).");
        }
    }

    private static async Task<bool> HasUsersAsync(DbConnection c, DbTransaction? t, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM users", transaction: t, cancellationToken: ct)).ConfigureAwait(false) > 0;

    private static async Task RequireModelAsync(DbConnection c, string name, CancellationToken ct)
    {
        if (await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM registered_models WHERE name = @Name", new { Name = name }, cancellationToken: ct)).ConfigureAwait(false) == 0)
        {
            throw new NotFoundException($"No registered model named '{name}'.");
        }
    }

    private static async Task<ApprovalRequest> FindAsync(DbConnection c, DbTransaction? t, long id, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<RequestRow>(new CommandDefinition(
            $"{SelectRequest} WHERE request_id = @Id", new { Id = id }, t, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToRequest() ?? throw new NotFoundException($"No approval request #{id}.");
    }

    private static string Describe(ApprovalRequest request) => request.State switch
    {
        ApprovalState.Expired => $"expired (at {request.ExpiresAt:u})",
        ApprovalState.Superseded => $"superseded by request #{request.SupersededBy}",
        ApprovalState.Approved => $"already approved by {request.Decider}",
        ApprovalState.Rejected => $"already rejected by {request.Decider}",
        _ => request.State.ToString().ToLowerInvariant(),
    };

    private static Task<int> AuditAsync(DbConnection c, DbTransaction t, string actor, string action, string target, string? detail,
        object? before, object? after, DateTimeOffset time, CancellationToken ct) =>
        SqlAuditLog.InsertAsync(c, t, new AuditEntry
        {
            Time = time, Actor = actor, Address = "local", Action = action, Target = target, Allowed = true, Detail = detail,
            BeforeJson = before is null ? null : JsonSerializer.Serialize(before), AfterJson = after is null ? null : JsonSerializer.Serialize(after),
        }, ct);

    private static void RequireText(string? text, string message)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new MLCycleException(ErrorKind.BadSpec, message);
    }
}
