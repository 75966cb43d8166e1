using System.Data.Common;
using System.Text.Json;
using Dapper;
using MLCycle.Access;
using MLCycle.Registry;

namespace MLCycle.Storage;

/// <summary>The model registry over any SQL engine the store's dialect describes.</summary>
internal sealed partial class SqlModelRegistry(StoreDatabase database) : IModelRegistry
{
    private const string SelectVersion = """
        SELECT name AS Name, version AS Version, run_id AS RunId, package_path AS PackagePath,
               created_at AS CreatedAt, description AS Description, package_sha256 AS PackageSha256
        FROM model_versions
        """;

    public Task<ModelVersion> CreateModelVersionAsync(string name, string runId, string packagePath, string? description = null, CancellationToken ct = default) =>
        RegisterVersionAsync(new VersionRegistration { Name = name, RunId = runId, PackagePath = packagePath, Description = description }, ct);

    public Task<ModelVersion> RegisterVersionAsync(VersionRegistration registration, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var name = registration.Name;
        ModelReference.RequireModelName(name);
        if (string.IsNullOrWhiteSpace(registration.PackagePath))
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"Registering model '{name}' needs the path of its package in the artifact store.");
        }
        if (registration.Alias is { } alias)
        {
            ModelReference.RequireAlias(alias);
            RequireActor(registration.Actor);
        }
        return database.InTransactionAsync(async (c, t) =>
        {
            var fullRunId = await RunQueries.ResolveRunIdAsync(c, t, registration.RunId, ct).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await c.ExecuteAsync(new CommandDefinition(
                database.Dialect.InsertIfAbsent("registered_models", ["name", "created_at"]),
                new { name, created_at = now }, t, cancellationToken: ct)).ConfigureAwait(false);
            await LockModelAsync(c, t, name, ct).ConfigureAwait(false);
            if (registration.OncePerRun) await RefuseRegisteredRunAsync(c, t, fullRunId, ct).ConfigureAwait(false);
            var version = 1 + await c.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COALESCE(MAX(version), 0) FROM model_versions WHERE name = @Name", new { Name = name }, t, cancellationToken: ct)).ConfigureAwait(false);
            if (registration.Version is { } expected && expected != version)
            {
                throw new MLCycleException(ErrorKind.Conflict,
                    $"Model '{name}' version {expected} was registered by another run meanwhile (the next free version is {version}); run again to register it.");
            }
            var row = new VersionRow
            {
                Name = name, Version = version, RunId = fullRunId, PackagePath = registration.PackagePath, CreatedAt = now,
                Description = registration.Description, PackageSha256 = registration.PackageSha256,
            };
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO model_versions (name, version, run_id, package_path, created_at, description, package_sha256)
                VALUES (@Name, @Version, @RunId, @PackagePath, @CreatedAt, @Description, @PackageSha256)
                """, row, t, cancellationToken: ct)).ConfigureAwait(false);
            if (registration.Alias is { } alias)
            {
                await RefuseProtectedAsync(c, t, name, alias, version, ct).ConfigureAwait(false);
                await MoveAliasAsync(c, t, name, alias, version, registration.Actor, registration.Reason, ct).ConfigureAwait(false);
            }
            if (registration.FinishRun)
            {
                // Tracking and registry share the database, so the run ends in the very transaction that publishes its model.
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE runs SET status = @Status, end_time = @EndTime, error = NULL WHERE run_id = @RunId",
                    new { Status = nameof(Tracking.RunStatus.Finished), EndTime = now, RunId = fullRunId }, t, cancellationToken: ct)).ConfigureAwait(false);
            }
            return row.ToVersion();
        }, ct);
    }

    public Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken ct = default) =>
        database.ReadAsync(c => LoadModelsAsync(c, null, ct), ct);

    public Task<RegisteredModel> GetModelAsync(string name, CancellationToken ct = default)
    {
        ModelReference.RequireModelName(name);
        return database.ReadAsync(async c => (await LoadModelsAsync(c, name, ct).ConfigureAwait(false)) is [var model] ? model : throw UnknownModel(name), ct);
    }

    public Task<ModelVersion> GetVersionAsync(string name, int version, CancellationToken ct = default) =>
        database.ReadAsync(c => GetVersionAsync(c, null, name, version, ct), ct);

    public Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<ModelVersion>>(async c =>
        {
            await RequireModelAsync(c, null, name, ct).ConfigureAwait(false);
            var rows = await c.QueryAsync<VersionRow>(new CommandDefinition(
                $"{SelectVersion} WHERE name = @Name ORDER BY version", new { Name = name }, cancellationToken: ct)).ConfigureAwait(false);
            return rows.Select(r => r.ToVersion()).ToList();
        }, ct);

    public Task SetAliasAsync(string name, string alias, int version, string actor, string? reason = null, CancellationToken ct = default)
    {
        ModelReference.RequireAlias(alias);
        RequireActor(actor);
        return database.InTransactionAsync(async (c, t) =>
        {
            await LockModelAsync(c, t, name, ct).ConfigureAwait(false);
            await GetVersionAsync(c, t, name, version, ct).ConfigureAwait(false);
            await RefuseProtectedAsync(c, t, name, alias, version, ct).ConfigureAwait(false);
            return await MoveAliasAsync(c, t, name, alias, version, actor, reason, ct).ConfigureAwait(false);
        }, ct);
    }

    private static async Task RefuseRegisteredRunAsync(DbConnection c, DbTransaction t, string runId, CancellationToken ct)
    {
        var existing = await c.QueryFirstOrDefaultAsync<VersionRow>(new CommandDefinition(
            "SELECT name AS Name, version AS Version FROM model_versions WHERE run_id = @RunId ORDER BY version", new { RunId = runId }, t, cancellationToken: ct)).ConfigureAwait(false);
        if (existing is not null)
        {
            throw new MLCycleException(ErrorKind.Conflict, $"Run {runId} already registered model '{existing.Name}' version {existing.Version}; a run registers one version.");
        }
    }

    private static async Task RefuseProtectedAsync(DbConnection c, DbTransaction t, string name, string alias, int? version, CancellationToken ct)
    {
        if (await SqlPromotions.IsProtectedAsync(c, t, name, alias, ct).ConfigureAwait(false))
        {
            var request = version is { } v ? $"'mlcycle models request-promotion {name} {v} --alias {alias} --reason …'" : "an approval request";
            throw new MLCycleException(ErrorKind.Conflict,
                $"Alias '{alias}' of model '{name}' is protected: moving it needs an approval request ({request}, or POST /api/v1/models/{name}/approval-requests) approved by another approver.");
        }
    }

    /// <summary>Points the alias at the version and records the move in its history and the audit log; the caller holds the model's lock.</summary>
    internal async Task<int> MoveAliasAsync(DbConnection c, DbTransaction t, string name, string alias, int version, string actor, string? reason, CancellationToken ct,
        long? requestId = null)
    {
        var from = await CurrentAliasVersionAsync(c, t, name, alias, ct).ConfigureAwait(false);
        if (from == version)
        {
            return 0;
        }
        await c.ExecuteAsync(new CommandDefinition(
            database.Dialect.Upsert("model_aliases", ["name", "alias"], ["version"]),
            new { name, alias, version }, t, cancellationToken: ct)).ConfigureAwait(false);
        return await RecordAsync(c, t, new AliasChange(name, alias, from, version, actor, reason, DateTimeOffset.UtcNow) { RequestId = requestId }, ct).ConfigureAwait(false);
    }

    public Task DeleteAliasAsync(string name, string alias, string actor, string? reason = null, CancellationToken ct = default)
    {
        RequireActor(actor);
        return database.InTransactionAsync(async (c, t) =>
        {
            await LockModelAsync(c, t, name, ct).ConfigureAwait(false);
            var from = await CurrentAliasVersionAsync(c, t, name, alias, ct).ConfigureAwait(false) ?? throw UnknownAlias(name, alias);
            await RefuseProtectedAsync(c, t, name, alias, null, ct).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM model_aliases WHERE name = @Name AND alias = @Alias", new { Name = name, Alias = alias }, t, cancellationToken: ct)).ConfigureAwait(false);
            return await RecordAsync(c, t, new AliasChange(name, alias, from, null, actor, reason, DateTimeOffset.UtcNow), ct).ConfigureAwait(false);
        }, ct);
    }

    public Task<IReadOnlyList<AliasChange>> GetAliasHistoryAsync(string name, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<AliasChange>>(async c =>
        {
            await RequireModelAsync(c, null, name, ct).ConfigureAwait(false);
            var rows = await c.QueryAsync<HistoryRow>(new CommandDefinition("""
                SELECT name AS Name, alias AS Alias, from_version AS FromVersion, to_version AS ToVersion,
                       actor AS Actor, reason AS Reason, changed_at AS ChangedAt, request_id AS RequestId
                FROM alias_history WHERE name = @Name ORDER BY history_id
                """, new { Name = name }, cancellationToken: ct)).ConfigureAwait(false);
            return rows.Select(r => new AliasChange(r.Name, r.Alias, r.FromVersion, r.ToVersion, r.Actor, r.Reason,
                DateTimeOffset.FromUnixTimeMilliseconds(r.ChangedAt)) { RequestId = r.RequestId }).ToList();
        }, ct);

    public Task<ModelVersion> ResolveAsync(ModelReference reference, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return database.ReadAsync(async c =>
        {
            if (reference.Version is { } version)
            {
                return await GetVersionAsync(c, null, reference.Name, version, ct).ConfigureAwait(false);
            }
            await RequireModelAsync(c, null, reference.Name, ct).ConfigureAwait(false);
            var alias = reference.Alias ?? ModelReference.DefaultAlias;
            if (await CurrentAliasVersionAsync(c, null, reference.Name, alias, ct).ConfigureAwait(false) is { } aliased)
            {
                return await GetVersionAsync(c, null, reference.Name, aliased, ct).ConfigureAwait(false);
            }
            if (reference.Alias is not null)
            {
                throw UnknownAlias(reference.Name, alias);
            }
            var latest = await c.QuerySingleAsync<VersionRow>(new CommandDefinition(
                $"{SelectVersion} WHERE name = @Name ORDER BY version DESC LIMIT 1", new { Name = reference.Name }, cancellationToken: ct)).ConfigureAwait(false);
            return latest.ToVersion();
        }, ct);
    }

    private static async Task<IReadOnlyList<RegisteredModel>> LoadModelsAsync(DbConnection c, string? name, CancellationToken ct)
    {
        var filter = name is null ? "" : "WHERE name = @Name";
        var args = new { Name = name };
        var models = await c.QueryAsync<ModelRow>(new CommandDefinition(
            $"SELECT name AS Name, created_at AS CreatedAt, description AS Description FROM registered_models {filter} ORDER BY name",
            args, cancellationToken: ct)).ConfigureAwait(false);
        var latestSql = $"{SelectVersion} v WHERE v.version = (SELECT MAX(m.version) FROM model_versions m WHERE m.name = v.name)"
            + (name is null ? "" : " AND v.name = @Name");
        var latest = (await c.QueryAsync<VersionRow>(new CommandDefinition(latestSql, args, cancellationToken: ct)).ConfigureAwait(false))
            .ToDictionary(v => v.Name, v => v.ToVersion(), StringComparer.Ordinal);
        var aliases = (await c.QueryAsync<(string Name, string Alias, int Version)>(new CommandDefinition(
            $"SELECT name, alias, version FROM model_aliases {filter} ORDER BY alias", args, cancellationToken: ct)).ConfigureAwait(false))
            .ToLookup(a => a.Name);
        return models.Select(m => new RegisteredModel(
            m.Name, DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedAt), m.Description, latest.GetValueOrDefault(m.Name),
            aliases[m.Name].ToDictionary(a => a.Alias, a => a.Version, StringComparer.Ordinal))).ToList();
    }

    internal static async Task<ModelVersion> GetVersionAsync(DbConnection c, DbTransaction? t, string name, int version, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            $"{SelectVersion} WHERE name = @Name AND version = @Version", new { Name = name, Version = version }, t, cancellationToken: ct)).ConfigureAwait(false);
        if (row is not null)
        {
            return row.ToVersion();
        }
        await RequireModelAsync(c, t, name, ct).ConfigureAwait(false);
        throw new NotFoundException($"Model '{name}' has no version {version}.");
    }

    /// <summary>Locks the model's row until the transaction ends, so that version numbering and alias moves of one model take
    /// turns across processes (the next version is MAX + 1, and a move records the version it replaced); throws if unknown.</summary>
    internal async Task LockModelAsync(DbConnection c, DbTransaction t, string name, CancellationToken ct)
    {
        var found = await c.QueryAsync<string>(new CommandDefinition(
            $"SELECT name FROM registered_models WHERE name = @Name{database.Dialect.LockForUpdate}", new { Name = name }, t, cancellationToken: ct)).ConfigureAwait(false);
        if (!found.Any())
        {
            throw UnknownModel(name);
        }
    }

    private static async Task RequireModelAsync(DbConnection c, DbTransaction? t, string name, CancellationToken ct)
    {
        var count = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM registered_models WHERE name = @Name", new { Name = name }, t, cancellationToken: ct)).ConfigureAwait(false);
        if (count == 0)
        {
            throw UnknownModel(name);
        }
    }

    internal static Task<int?> CurrentAliasVersionAsync(DbConnection c, DbTransaction? t, string name, string alias, CancellationToken ct) =>
        c.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT version FROM model_aliases WHERE name = @Name AND alias = @Alias", new { Name = name, Alias = alias }, t, cancellationToken: ct));

    private static async Task<int> RecordAsync(DbConnection c, DbTransaction t, AliasChange change, CancellationToken ct)
    {
        // The audit log sees every alias move, from any host, in the transaction that makes it.
        await SqlAuditLog.InsertAsync(c, t, new AuditEntry
        {
            Time = change.Time, Actor = change.Actor, Address = "local", Action = change.ToVersion is null ? "models.alias.delete" : "models.alias.set",
            Target = $"{change.Name}@{change.Alias}", Allowed = true, Detail = change.Reason,
            BeforeJson = change.FromVersion is { } f ? JsonSerializer.Serialize(new { version = f }) : null,
            AfterJson = change.ToVersion is not { } v ? null
                : change.RequestId is { } id ? JsonSerializer.Serialize(new { version = v, request = id }) : JsonSerializer.Serialize(new { version = v }),
        }, ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO alias_history (name, alias, from_version, to_version, actor, reason, changed_at, request_id)
            VALUES (@Name, @Alias, @FromVersion, @ToVersion, @Actor, @Reason, @ChangedAt, @RequestId)
            """,
            new { change.Name, change.Alias, change.FromVersion, change.ToVersion, change.Actor, change.Reason, ChangedAt = change.Time.ToUnixTimeMilliseconds(), change.RequestId },
            t, cancellationToken: ct)).ConfigureAwait(false);
    }

    private static void RequireActor(string actor)
    {
        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new MLCycleException(ErrorKind.BadSpec, "Moving an alias needs an actor (who made the change) for its history.");
        }
    }

    private static NotFoundException UnknownModel(string name) => new($"No registered model named '{name}'.");

    internal static NotFoundException UnknownAlias(string name, string alias) => new($"Model '{name}' has no alias '{alias}'.");
}
