using MLCycle.Access;
using MLCycle.Monitoring;
using MLCycle.Registry;
using MLCycle.Tracking;
using Npgsql;

namespace MLCycle.Storage;

/// <summary>A store: its database (tracking, registry, prediction log) — the SQLite file DIR/mlcycle.db or a PostgreSQL
/// database — and its artifact folder (DIR/artifacts by default).</summary>
public sealed class MLCycleStore : IAsyncDisposable
{
    public const string DatabaseFileName = "mlcycle.db";
    public const string ArtifactsFolderName = "artifacts";

    private readonly StoreDatabase database;
    private readonly SqlTrackingStore tracking;

    private MLCycleStore(StoreAddress address, string artifacts, StoreDatabase database, IReadOnlyList<string> migrationsApplied)
    {
        Address = address;
        Directory = address.Folder ?? artifacts;
        this.database = database;
        tracking = new SqlTrackingStore(database);
        Tracking = tracking;
        var registry = new SqlModelRegistry(database);
        Registry = registry;
        Predictions = new SqlPredictionLog(database);
        try
        {
            Artifacts = new ArtifactStore(artifacts);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MLCycleException(ErrorKind.Unavailable, $"Cannot create the artifact folder '{Path.GetFullPath(artifacts)}': {ex.Message}", inner: ex);
        }
        MigrationsApplied = migrationsApplied;
        Users = new SqlUserStore(database);
        Audit = new SqlAuditLog(database);
        Promotions = new SqlPromotions(database, registry, tracking, Artifacts);
    }

    /// <summary>Where the database is; its text never shows a password.</summary>
    public StoreAddress Address { get; }

    /// <summary>The store directory's full path (for PostgreSQL, the artifact folder's): the local folder the store's files live in.</summary>
    public string Directory { get; }
    public ITrackingStore Tracking { get; }
    public IModelRegistry Registry { get; }
    public IPredictionLog Predictions { get; }
    public IUserStore Users { get; }
    public IAuditLog Audit { get; }

    /// <summary>Alias protection, approval requests, rollback and which version each alias served when.</summary>
    public IPromotions Promotions { get; }
    public ArtifactStore Artifacts { get; }

    /// <summary>The schema migrations this open applied ("0004 run owner and package hash"), oldest first; empty when the schema was current.</summary>
    public IReadOnlyList<string> MigrationsApplied { get; }

    /// <summary>Opens the SQLite store in <paramref name="directory"/>, creating it if needed, and brings its schema up to date.</summary>
    public static Task<MLCycleStore> OpenAsync(string directory, CancellationToken ct = default) =>
        OpenAsync(new StoreOptions { Address = directory }, ct);

    /// <summary>The schema version this MLCycle brings a store to: the number of its latest migration.</summary>
    public static int SchemaVersion => SchemaMigrations.All[^1].Number;

    /// <summary>Opens the store at <paramref name="options"/>' address, creating it if needed, and brings its schema up to date.</summary>
    public static async Task<MLCycleStore> OpenAsync(StoreOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = StoreAddress.Parse(options.Address);
        var artifacts = options.ArtifactsDirectory ?? (address.Folder is { } folder ? Path.Combine(folder, ArtifactsFolderName)
            : throw new MLCycleException(ErrorKind.BadSpec,
                $"The PostgreSQL store {address} needs an artifact folder (--artifacts DIR): model packages and reports are files, kept apart from the database."));
        return await WithDatabaseAsync(address, async database =>
        {
            var applied = await MigrationRunner.MigrateAsync(database, SchemaMigrations.All, ct).ConfigureAwait(false);
            var store = new MLCycleStore(address, artifacts, database, [.. applied.Select(Describe)]);
            await store.RecoverAsync(ct).ConfigureAwait(false);
            return store;
        }, keepOpen: true).ConfigureAwait(false);
    }

    /// <summary>Applies the pending schema migrations of the store at <paramref name="address"/> (creating it if needed) and
    /// returns them ("0004 run owner and package hash"), oldest first; the artifact folder is not touched.</summary>
    public static Task<IReadOnlyList<string>> MigrateAsync(string address, CancellationToken ct = default) =>
        WithDatabaseAsync<IReadOnlyList<string>>(StoreAddress.Parse(address), async database =>
            [.. (await MigrationRunner.MigrateAsync(database, SchemaMigrations.All, ct).ConfigureAwait(false)).Select(Describe)],
            keepOpen: false);

    private static string Describe(Migration migration) => $"{migration.Number:0000} {migration.Name}";

    /// <summary>Runs <paramref name="work"/> on the address's database, turning the engine's failures into Unavailable errors
    /// that name the database; the database is closed afterwards unless <paramref name="keepOpen"/> and the work succeeded.</summary>
    private static async Task<T> WithDatabaseAsync<T>(StoreAddress address, Func<StoreDatabase, Task<T>> work, bool keepOpen)
    {
        var database = OpenDatabase(address);
        var succeeded = false;
        try
        {
            var result = await work(database).ConfigureAwait(false);
            succeeded = true;
            return result;
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            throw new MLCycleException(ErrorKind.Unavailable, $"Cannot open the store database '{Path.Combine(address.Folder!, DatabaseFileName)}': {ex.Message}", inner: ex);
        }
        catch (Exception e) when ((e as NpgsqlException ?? e.InnerException as NpgsqlException) is { } ex)
        {
            // Opening a connection already says Unavailable, without naming the server a remote caller should not learn; a CLI
            // opening the store is told which server it could not reach. PostgreSQL's own messages never show the password.
            var why = ex is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : ex.InnerException?.Message ?? ex.Message;
            throw new MLCycleException(ErrorKind.Unavailable, $"Cannot open the PostgreSQL store at {address.Server} ({address}): {why}", inner: ex);
        }
        finally
        {
            if (!succeeded || !keepOpen)
            {
                await database.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static StoreDatabase OpenDatabase(StoreAddress address)
    {
        if (address.Postgres is { } postgres)
        {
            return new StoreDatabase(NpgsqlDataSource.Create(postgres), new PostgresDialect(address.Schema));
        }
        var full = address.Folder!;
        try
        {
            System.IO.Directory.CreateDirectory(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MLCycleException(ErrorKind.Unavailable, $"Cannot create the store directory '{full}': {ex.Message}", inner: ex);
        }
        return new StoreDatabase(SqliteDialect.CreateDataSource(Path.Combine(full, DatabaseFileName)), SqliteDialect.Instance);
    }

    /// <summary>Repairs what killed runs left: their Running rows become Killed (one query when none died), the files they had
    /// already moved into the artifact store are removed, and so are the staging folders of dead processes. Returns the ids of the runs ended.</summary>
    public async Task<IReadOnlyList<string>> RecoverAsync(CancellationToken ct = default)
    {
        var killed = await tracking.EndDeadRunsAsync(ct).ConfigureAwait(false);
        // A run registers its version and ends in one transaction, so one that died Running registered nothing: a package it had
        // copied into the store (often megabytes) is named by no version and would otherwise stay, unreachable, for ever.
        foreach (var runId in killed)
        {
            try
            {
                Artifacts.DeleteRun(runId);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The run is Killed either way; a folder that cannot be removed now is only disk space, not a wrong state.
            }
        }
        StagingFolder.RemoveAbandoned();
        return killed;
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
