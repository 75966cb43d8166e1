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
        Registry = new SqlModelRegistry(database);
        Predictions = new SqlPredictionLog(database);
        Artifacts = new ArtifactStore(artifacts);
        MigrationsApplied = migrationsApplied;
    }

    /// <summary>Where the database is; its text never shows a password.</summary>
    public StoreAddress Address { get; }

    /// <summary>The store directory's full path (for PostgreSQL, the artifact folder's): the local folder the store's files live in.</summary>
    public string Directory { get; }
    public ITrackingStore Tracking { get; }
    public IModelRegistry Registry { get; }
    public IPredictionLog Predictions { get; }
    public ArtifactStore Artifacts { get; }

    /// <summary>The schema migrations this open applied ("0004 run owner and package hash"), oldest first; empty when the schema was current.</summary>
    public IReadOnlyList<string> MigrationsApplied { get; }

    /// <summary>Opens the SQLite store in <paramref name="directory"/>, creating it if needed, and brings its schema up to date.</summary>
    public static Task<MLCycleStore> OpenAsync(string directory, CancellationToken ct = default) =>
        OpenAsync(new StoreOptions { Address = directory }, ct);

    /// <summary>Opens the store at <paramref name="options"/>' address, creating it if needed, and brings its schema up to date.</summary>
    public static async Task<MLCycleStore> OpenAsync(StoreOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = StoreAddress.Parse(options.Address);
        return address.Postgres is { } postgres
            ? await OpenPostgresAsync(address, postgres, options.ArtifactsDirectory, ct).ConfigureAwait(false)
            : await OpenSqliteAsync(address, address.Folder!, options.ArtifactsDirectory, ct).ConfigureAwait(false);
    }

    private static async Task<MLCycleStore> OpenSqliteAsync(StoreAddress address, string full, string? artifacts, CancellationToken ct)
    {
        try
        {
            System.IO.Directory.CreateDirectory(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MLCycleException(ErrorKind.Unavailable, $"Cannot create the store directory '{full}': {ex.Message}", inner: ex);
        }
        var database = new StoreDatabase(SqliteDialect.CreateDataSource(Path.Combine(full, DatabaseFileName)), SqliteDialect.Instance);
        try
        {
            return await OpenAsync(address, artifacts ?? Path.Combine(full, ArtifactsFolderName), database, ct).ConfigureAwait(false);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            throw new MLCycleException(ErrorKind.Unavailable, $"Cannot open the store database '{Path.Combine(full, DatabaseFileName)}': {ex.Message}", inner: ex);
        }
    }

    private static async Task<MLCycleStore> OpenPostgresAsync(StoreAddress address, NpgsqlConnectionStringBuilder postgres, string? artifacts, CancellationToken ct)
    {
        if (artifacts is null)
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"The PostgreSQL store {address} needs an artifact folder (--artifacts DIR): model packages and reports are files, kept apart from the database.");
        }
        var database = new StoreDatabase(NpgsqlDataSource.Create(postgres), new PostgresDialect(address.Schema));
        try
        {
            return await OpenAsync(address, artifacts, database, ct).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            // PostgreSQL's own messages name the user or database but never the password; Npgsql's name host and port.
            var why = ex is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : ex.InnerException?.Message ?? ex.Message;
            throw new MLCycleException(ErrorKind.Unavailable, $"Cannot open the PostgreSQL store at {address.Server} ({address}): {why}", inner: ex);
        }
    }

    private static async Task<MLCycleStore> OpenAsync(StoreAddress address, string artifacts, StoreDatabase database, CancellationToken ct)
    {
        try
        {
            var applied = await MigrationRunner.MigrateAsync(database, SchemaMigrations.All, ct).ConfigureAwait(false);
            var store = new MLCycleStore(address, artifacts, database, [.. applied.Select(m => $"{m.Number:0000} {m.Name}")]);
            await store.RecoverAsync(ct).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Repairs what killed runs left: their Running rows become Killed (one query when none died) and the staging
    /// folders of dead processes are removed. Files a killed run had already moved into the artifact store stay under
    /// its run id, never registered, so nothing of it is visible in the registry. Returns the ids of the runs ended.</summary>
    public async Task<IReadOnlyList<string>> RecoverAsync(CancellationToken ct = default)
    {
        var killed = await tracking.EndDeadRunsAsync(ct).ConfigureAwait(false);
        StagingFolder.RemoveAbandoned();
        return killed;
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
