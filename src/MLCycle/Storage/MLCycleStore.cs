using MLCycle.Access;
using MLCycle.Monitoring;
using MLCycle.Registry;
using MLCycle.Tracking;

namespace MLCycle.Storage;

/// <summary>A store directory: the SQLite database DIR/mlcycle.db (tracking, registry, prediction log) and the artifact folder DIR/artifacts.</summary>
public sealed class MLCycleStore : IAsyncDisposable
{
    public const string DatabaseFileName = "mlcycle.db";
    public const string ArtifactsFolderName = "artifacts";

    private readonly StoreDatabase database;
    private readonly SqlTrackingStore tracking;

    private MLCycleStore(string directory, StoreDatabase database)
    {
        Directory = directory;
        this.database = database;
        tracking = new SqlTrackingStore(database);
        Tracking = tracking;
        Registry = new SqlModelRegistry(database);
        Predictions = new SqlPredictionLog(database);
        Users = new SqlUserStore(database);
        Audit = new SqlAuditLog(database);
        Artifacts = new ArtifactStore(Path.Combine(directory, ArtifactsFolderName));
    }

    /// <summary>The store directory's full path.</summary>
    public string Directory { get; }
    public ITrackingStore Tracking { get; }
    public IModelRegistry Registry { get; }
    public IPredictionLog Predictions { get; }
    public IUserStore Users { get; }
    public IAuditLog Audit { get; }
    public ArtifactStore Artifacts { get; }

    /// <summary>Opens the store in <paramref name="directory"/>, creating it if needed, and brings its schema up to date.</summary>
    public static async Task<MLCycleStore> OpenAsync(string directory, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
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
            await MigrationRunner.MigrateAsync(database, SchemaMigrations.All, ct).ConfigureAwait(false);
            var store = new MLCycleStore(full, database);
            await store.RecoverAsync(ct).ConfigureAwait(false);
            return store;
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw new MLCycleException(ErrorKind.Unavailable, $"Cannot open the store database '{Path.Combine(full, DatabaseFileName)}': {ex.Message}", inner: ex);
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
