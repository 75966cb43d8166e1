using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using MLCycle.Access;
using MLCycle.Registry;

namespace MLCycle.Storage;

/// <summary>Routes of a model's default reference: one row per (model, kind), every change in route_history and the audit log.</summary>
internal sealed partial class SqlModelRegistry
{
    public Task<IReadOnlyList<ModelRoute>> GetRoutesAsync(string name, CancellationToken ct = default)
    {
        ModelReference.RequireModelName(name);
        return database.ReadAsync(async c =>
        {
            await RequireModelAsync(c, null, name, ct).ConfigureAwait(false);
            return await ReadRoutesAsync(c, null, name, ct).ConfigureAwait(false);
        }, ct);
    }

    public Task<ModelRoute> SetRouteAsync(string name, RouteKind kind, ModelReference target, double? sharePercent, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ModelReference.RequireModelName(name);
        RequireActor(actor);
        if (target.Name != name || (target.Alias is null && target.Version is null))
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"A route of '{name}' goes to an alias or a version of '{name}', not to '{NameRules.Show(target.ToString())}'.");
        }
        if (kind == RouteKind.Canary && (sharePercent is not { } share || !(share > 0 && share < 100)))
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"A canary of '{name}' needs a share above 0% and below 100%; found {Shown(sharePercent)}.");
        }
        if (kind == RouteKind.Shadow && sharePercent is not null)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"A shadow of '{name}' scores every request; it takes no share (found {Shown(sharePercent)}).");
        }
        return database.InTransactionAsync(async (c, t) =>
        {
            await LockModelAsync(c, t, name, ct).ConfigureAwait(false);
            var champion = await DefaultVersionAsync(c, t, name, ct).ConfigureAwait(false);
            var version = target.Version ?? await CurrentAliasVersionAsync(c, t, name, target.Alias!, ct).ConfigureAwait(false)
                ?? throw UnknownAlias(name, target.Alias!);
            await GetVersionAsync(c, t, name, version, ct).ConfigureAwait(false);
            if (target.Alias == ModelReference.DefaultAlias || version == champion)
            {
                throw new MLCycleException(ErrorKind.Conflict,
                    $"'{target}' is version {version}, which '{name}' already serves as its champion; a {Word(kind)} route must go to another version.");
            }
            var route = new ModelRoute(name, kind, target.Alias, target.Version, sharePercent, actor, DateTimeOffset.UtcNow);
            await c.ExecuteAsync(new CommandDefinition(
                database.Dialect.Upsert("model_routes", ["name", "kind"], ["target_alias", "target_version", "share_percent", "actor", "set_at"]),
                new
                {
                    name, kind = Word(kind), target_alias = route.Alias, target_version = route.Version, share_percent = sharePercent, actor,
                    set_at = route.Time.ToUnixTimeMilliseconds(),
                }, t, cancellationToken: ct)).ConfigureAwait(false);
            await RecordRouteAsync(c, t, new RouteChange(name, kind, route.TargetText, sharePercent, actor, route.Time), ct).ConfigureAwait(false);
            return route;
        }, ct);
    }

    public Task<IReadOnlyList<ModelRoute>> ClearRoutesAsync(string name, string actor, CancellationToken ct = default)
    {
        ModelReference.RequireModelName(name);
        RequireActor(actor);
        return database.InTransactionAsync(async (c, t) =>
        {
            await LockModelAsync(c, t, name, ct).ConfigureAwait(false);
            var routes = await ReadRoutesAsync(c, t, name, ct).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM model_routes WHERE name = @Name", new { Name = name }, t, cancellationToken: ct)).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            foreach (var route in routes)
            {
                await RecordRouteAsync(c, t, new RouteChange(name, route.Kind, null, null, actor, now), ct).ConfigureAwait(false);
            }
            return routes;
        }, ct);
    }

    public Task<IReadOnlyList<RouteChange>> GetRouteHistoryAsync(string name, CancellationToken ct = default)
    {
        ModelReference.RequireModelName(name);
        return database.ReadAsync<IReadOnlyList<RouteChange>>(async c =>
        {
            await RequireModelAsync(c, null, name, ct).ConfigureAwait(false);
            var rows = await c.QueryAsync<RouteHistoryRow>(new CommandDefinition("""
                SELECT name AS Name, kind AS Kind, target AS Target, share_percent AS SharePercent, actor AS Actor, changed_at AS ChangedAt
                FROM route_history WHERE name = @Name ORDER BY history_id
                """, new { Name = name }, cancellationToken: ct)).ConfigureAwait(false);
            return rows.Select(r => new RouteChange(r.Name, ParseKind(r.Kind), r.Target, r.SharePercent, r.Actor, DateTimeOffset.FromUnixTimeMilliseconds(r.ChangedAt))).ToList();
        }, ct);
    }

    private static async Task<IReadOnlyList<ModelRoute>> ReadRoutesAsync(DbConnection c, DbTransaction? t, string name, CancellationToken ct)
    {
        var rows = await c.QueryAsync<RouteRow>(new CommandDefinition("""
            SELECT name AS Name, kind AS Kind, target_alias AS TargetAlias, target_version AS TargetVersion, share_percent AS SharePercent,
                   actor AS Actor, set_at AS SetAt
            FROM model_routes WHERE name = @Name
            """, new { Name = name }, t, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new ModelRoute(r.Name, ParseKind(r.Kind), r.TargetAlias, r.TargetVersion, r.SharePercent, r.Actor,
            DateTimeOffset.FromUnixTimeMilliseconds(r.SetAt))).OrderBy(r => r.Kind).ToList();
    }

    /// <summary>The version the bare name serves: the champion if set, else the latest.</summary>
    private static async Task<int> DefaultVersionAsync(DbConnection c, DbTransaction t, string name, CancellationToken ct) =>
        await CurrentAliasVersionAsync(c, t, name, ModelReference.DefaultAlias, ct).ConfigureAwait(false)
        ?? await c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COALESCE(MAX(version), 0) FROM model_versions WHERE name = @Name", new { Name = name }, t, cancellationToken: ct)).ConfigureAwait(false);

    private static async Task RecordRouteAsync(DbConnection c, DbTransaction t, RouteChange change, CancellationToken ct)
    {
        object? state = change.Target is null ? null : new { target = change.Target, sharePercent = change.SharePercent };
        await SqlAuditLog.InsertAsync(c, t, new AuditEntry
        {
            Time = change.Time, Actor = change.Actor, Address = "local", Action = change.Target is null ? "models.route.clear" : "models.route.set",
            Target = $"{change.Name}/{Word(change.Kind)}", Allowed = true,
            AfterJson = state is null ? null : JsonSerializer.Serialize(state),
        }, ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO route_history (name, kind, target, share_percent, actor, changed_at)
            VALUES (@Name, @Kind, @Target, @SharePercent, @Actor, @ChangedAt)
            """,
            new { change.Name, Kind = Word(change.Kind), change.Target, change.SharePercent, change.Actor, ChangedAt = change.Time.ToUnixTimeMilliseconds() },
            t, cancellationToken: ct)).ConfigureAwait(false);
    }

    private static string Word(RouteKind kind) => kind == RouteKind.Shadow ? "shadow" : "canary";

    private static RouteKind ParseKind(string kind) => kind == "shadow" ? RouteKind.Shadow : RouteKind.Canary;

    private static string Shown(double? share) => share is { } s ? s.ToString("0.###", CultureInfo.InvariantCulture) + "%" : "none";

    private sealed class RouteRow
    {
        public string Name { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? TargetAlias { get; set; }
        public int? TargetVersion { get; set; }
        public double? SharePercent { get; set; }
        public string Actor { get; set; } = "";
        public long SetAt { get; set; }
    }

    private sealed class RouteHistoryRow
    {
        public string Name { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? Target { get; set; }
        public double? SharePercent { get; set; }
        public string Actor { get; set; } = "";
        public long ChangedAt { get; set; }
    }
}
