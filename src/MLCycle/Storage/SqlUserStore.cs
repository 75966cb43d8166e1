using System.Data.Common;
using System.Text.Json;
using Dapper;
using MLCycle.Access;

namespace MLCycle.Storage;

/// <summary>Users, tokens and grants over any SQL engine. Hashing (tens of milliseconds) happens before a transaction opens;
/// each change and its audit line are committed together.</summary>
internal sealed class SqlUserStore(StoreDatabase database) : IUserStore
{
    public async Task<IssuedToken> AddUserAsync(string name, bool admin, string actor, CancellationToken ct = default)
    {
        NameRules.UserName(name);
        ArgumentNullException.ThrowIfNull(actor);
        var (token, prefix, secret) = ApiTokens.Create();
        var hash = ApiTokens.Hash(secret);
        try
        {
            await database.InTransactionAsync(async (c, t) =>
            {
                if (await UserIdAsync(c, t, name, ct).ConfigureAwait(false) is not null) throw Taken(name);
                var now = DateTimeOffset.UtcNow;
                await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO users (name, is_admin, created_at) VALUES (@Name, @IsAdmin, @CreatedAt)",
                    new { Name = name, IsAdmin = admin ? 1 : 0, CreatedAt = now.ToUnixTimeMilliseconds() }, t, cancellationToken: ct)).ConfigureAwait(false);
                var id = await UserIdAsync(c, t, name, ct).ConfigureAwait(false);
                await InsertTokenAsync(c, t, id!.Value, prefix, hash, now, ct).ConfigureAwait(false);
                return await SqlAuditLog.InsertAsync(c, t, Change(actor, "users.add", name, null, new { user = name, admin }, now), ct).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
        }
        catch (DbException ex) when (database.Dialect.IsUniqueViolation(ex))
        {
            throw Taken(name);
        }
        return new IssuedToken(name, token);
    }

    public Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<UserSummary>>(async c =>
        {
            var users = await c.QueryAsync<UserRow>(new CommandDefinition("""
                SELECT u.user_id AS Id, u.name AS Name, u.is_admin AS IsAdmin, u.created_at AS CreatedAt,
                       (SELECT COUNT(*) FROM api_tokens t WHERE t.user_id = u.user_id AND t.revoked_at IS NULL) AS ActiveTokens
                FROM users u ORDER BY u.name
                """, cancellationToken: ct)).ConfigureAwait(false);
            var grants = (await c.QueryAsync<GrantRow>(new CommandDefinition(
                "SELECT user_id AS UserId, scope AS Scope, target AS Target, role AS Role FROM user_grants ORDER BY scope, target",
                cancellationToken: ct)).ConfigureAwait(false)).ToLookup(g => g.UserId);
            return users.Select(u => new UserSummary(u.Name, u.IsAdmin != 0, DateTimeOffset.FromUnixTimeMilliseconds(u.CreatedAt),
                (int)u.ActiveTokens, [.. grants[u.Id].Select(g => g.ToGrant())])).ToList();
        }, ct);

    public async Task GrantAsync(string name, Grant grant, string actor, CancellationToken ct = default)
    {
        NameRules.UserName(name);
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(actor);
        RequireTarget(grant.Scope, grant.Target);
        if (!Enum.IsDefined(grant.Role)) throw new MLCycleException(ErrorKind.BadSpec, $"Role {(int)grant.Role} is not a role: use one of {string.Join(", ", Roles.Names)}.");
        await database.InTransactionAsync(async (c, t) =>
        {
            var id = await UserIdAsync(c, t, name, ct).ConfigureAwait(false) ?? throw NoUser(name);
            var scope = ScopeText(grant.Scope);
            var before = await c.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
                "SELECT role FROM user_grants WHERE user_id = @Id AND scope = @Scope AND target = @Target",
                new { Id = id, Scope = scope, grant.Target }, t, cancellationToken: ct)).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            await c.ExecuteAsync(new CommandDefinition(
                database.Dialect.Upsert("user_grants", ["user_id", "scope", "target"], ["role", "granted_at"]),
                new { user_id = id, scope, target = grant.Target, role = Roles.Name(grant.Role), granted_at = now.ToUnixTimeMilliseconds() },
                t, cancellationToken: ct)).ConfigureAwait(false);
            var target = grant.Scope == GrantScope.Global ? name : $"{name} on {scope} {grant.Target}";
            return await SqlAuditLog.InsertAsync(c, t, Change(actor, "users.grant", target,
                before is null ? null : new { role = before }, new { role = Roles.Name(grant.Role) }, now), ct).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
    }

    public Task<Grant> RevokeGrantAsync(string name, GrantScope scope, string target, string actor, CancellationToken ct = default)
    {
        NameRules.UserName(name);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(actor);
        RequireTarget(scope, target);
        return database.InTransactionAsync(async (c, t) =>
        {
            var id = await UserIdAsync(c, t, name, ct).ConfigureAwait(false) ?? throw NoUser(name);
            var scopeText = ScopeText(scope);
            var role = await c.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
                $"SELECT role FROM user_grants WHERE user_id = @Id AND scope = @Scope AND target = @Target{database.Dialect.LockForUpdate}",
                new { Id = id, Scope = scopeText, Target = target }, t, cancellationToken: ct)).ConfigureAwait(false);
            var where = scope == GrantScope.Global ? "everywhere" : $"on {scopeText} '{target}'";
            if (role is null)
            {
                throw new NotFoundException($"User '{name}' has no role {where} to revoke; 'mlcycle users list' shows its roles.");
            }
            await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM user_grants WHERE user_id = @Id AND scope = @Scope AND target = @Target",
                new { Id = id, Scope = scopeText, Target = target }, t, cancellationToken: ct)).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            var audited = scope == GrantScope.Global ? name : $"{name} on {scopeText} {target}";
            await SqlAuditLog.InsertAsync(c, t, Change(actor, "users.ungrant", audited, new { role }, null, now), ct).ConfigureAwait(false);
            return new Grant(scope, target, Roles.Parse(role));
        }, ct);
    }

    public Task<int> RevokeTokensAsync(string name, string actor, CancellationToken ct = default)
    {
        NameRules.UserName(name);
        ArgumentNullException.ThrowIfNull(actor);
        return database.InTransactionAsync(async (c, t) =>
        {
            var id = await UserIdAsync(c, t, name, ct).ConfigureAwait(false) ?? throw NoUser(name);
            var now = DateTimeOffset.UtcNow;
            var revoked = await RevokeAllAsync(c, t, id, now, ct).ConfigureAwait(false);
            await SqlAuditLog.InsertAsync(c, t, Change(actor, "users.revoke", name, new { activeTokens = revoked }, new { activeTokens = 0 }, now), ct).ConfigureAwait(false);
            return revoked;
        }, ct);
    }

    public async Task<IssuedToken> RotateTokenAsync(string name, string actor, CancellationToken ct = default)
    {
        NameRules.UserName(name);
        ArgumentNullException.ThrowIfNull(actor);
        var (token, prefix, secret) = ApiTokens.Create();
        var hash = ApiTokens.Hash(secret);
        await database.InTransactionAsync(async (c, t) =>
        {
            var id = await UserIdAsync(c, t, name, ct).ConfigureAwait(false) ?? throw NoUser(name);
            var now = DateTimeOffset.UtcNow;
            var revoked = await RevokeAllAsync(c, t, id, now, ct).ConfigureAwait(false);
            await InsertTokenAsync(c, t, id, prefix, hash, now, ct).ConfigureAwait(false);
            return await SqlAuditLog.InsertAsync(c, t, Change(actor, "users.rotate", name, new { activeTokens = revoked }, new { activeTokens = 1 }, now), ct).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        return new IssuedToken(name, token);
    }

    public Task<StoredToken?> FindTokenAsync(string prefix, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return database.ReadAsync(async c =>
        {
            var row = await c.QueryFirstOrDefaultAsync<TokenRow>(new CommandDefinition("""
                SELECT u.user_id AS UserId, u.name AS Name, u.is_admin AS IsAdmin, t.token_hash AS Hash
                FROM api_tokens t JOIN users u ON u.user_id = t.user_id
                WHERE t.prefix = @Prefix AND t.revoked_at IS NULL
                """, new { Prefix = prefix }, cancellationToken: ct)).ConfigureAwait(false);
            if (row is null) return null;
            var grants = await c.QueryAsync<GrantRow>(new CommandDefinition(
                "SELECT user_id AS UserId, scope AS Scope, target AS Target, role AS Role FROM user_grants WHERE user_id = @UserId",
                new { row.UserId }, cancellationToken: ct)).ConfigureAwait(false);
            return new StoredToken(prefix, row.Hash, new UserAccess(row.Name, row.IsAdmin != 0, [.. grants.Select(g => g.ToGrant())]));
        }, ct);
    }

    private static Task<long?> UserIdAsync(DbConnection c, DbTransaction t, string name, CancellationToken ct) =>
        c.QueryFirstOrDefaultAsync<long?>(new CommandDefinition("SELECT user_id FROM users WHERE name = @Name", new { Name = name }, t, cancellationToken: ct));

    private static Task<int> InsertTokenAsync(DbConnection c, DbTransaction t, long userId, string prefix, string hash, DateTimeOffset now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_tokens (prefix, user_id, token_hash, created_at) VALUES (@Prefix, @UserId, @Hash, @CreatedAt)",
            new { Prefix = prefix, UserId = userId, Hash = hash, CreatedAt = now.ToUnixTimeMilliseconds() }, t, cancellationToken: ct));

    private static Task<int> RevokeAllAsync(DbConnection c, DbTransaction t, long userId, DateTimeOffset now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "UPDATE api_tokens SET revoked_at = @Now WHERE user_id = @UserId AND revoked_at IS NULL",
            new { Now = now.ToUnixTimeMilliseconds(), UserId = userId }, t, cancellationToken: ct));

    private static AuditEntry Change(string actor, string action, string target, object? before, object? after, DateTimeOffset now) => new()
    {
        Time = now, Actor = actor, Address = "local", Action = action, Target = target, Allowed = true,
        BeforeJson = before is null ? null : JsonSerializer.Serialize(before),
        AfterJson = after is null ? null : JsonSerializer.Serialize(after),
    };

    private static void RequireTarget(GrantScope scope, string target) =>
        _ = scope switch
        {
            GrantScope.Model => NameRules.ModelName(target),
            GrantScope.Experiment => NameRules.ExperimentName(target),
            _ => target.Length == 0 ? "" : throw new MLCycleException(ErrorKind.BadSpec, "A global grant names no model or experiment."),
        };

    private static string ScopeText(GrantScope scope) => scope.ToString().ToLowerInvariant();

    private static MLCycleException Taken(string name) =>
        new(ErrorKind.Conflict, $"User '{name}' already exists; 'mlcycle users rotate {name}' gives it a new token.");

    private static MLCycleException NoUser(string name) =>
        new NotFoundException($"No user '{name}'; 'mlcycle users list' shows the users, 'mlcycle users add {name}' creates one.");

    private sealed class UserRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public long IsAdmin { get; set; }
        public long CreatedAt { get; set; }
        public long ActiveTokens { get; set; }
    }

    private sealed class GrantRow
    {
        public long UserId { get; set; }
        public string Scope { get; set; } = "";
        public string Target { get; set; } = "";
        public string Role { get; set; } = "";

        public Grant ToGrant() => new(Enum.Parse<GrantScope>(Scope, ignoreCase: true), Target, Roles.Parse(Role));
    }

    private sealed class TokenRow
    {
        public long UserId { get; set; }
        public string Name { get; set; } = "";
        public long IsAdmin { get; set; }
        public string Hash { get; set; } = "";
    }
}
