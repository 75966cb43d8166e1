namespace MLCycle.Storage;

/// <summary>What <see cref="MLCycleStore.OpenAsync(StoreOptions, CancellationToken)"/> opens.</summary>
public sealed record StoreOptions
{
    /// <summary>A folder (SQLite database and artifacts inside it) or a postgresql:// address; see <see cref="StoreAddress"/>.</summary>
    public required string Address { get; init; }

    /// <summary>The artifact folder. Default: the store folder's artifacts/ for SQLite; required for PostgreSQL,
    /// where no folder comes with the database.</summary>
    public string? ArtifactsDirectory { get; init; }
}
