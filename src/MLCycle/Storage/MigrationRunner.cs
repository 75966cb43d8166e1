using Dapper;

namespace MLCycle.Storage;

/// <summary>Brings a database up to the latest schema: each pending migration runs in its own transaction.</summary>
internal static class MigrationRunner
{
    /// <summary>Applies the migrations the database has not seen yet and returns them, oldest first.</summary>
    public static async Task<IReadOnlyList<Migration>> MigrateAsync(StoreDatabase database, IReadOnlyList<Migration> migrations, CancellationToken ct)
    {
        await using (var connection = await database.OpenAsync(ct).ConfigureAwait(false))
        {
            if (database.Dialect.DatabaseInitSql is { } init)
            {
                await connection.ExecuteAsync(new CommandDefinition(init, cancellationToken: ct)).ConfigureAwait(false);
            }
        }
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            await LockAsync(database, connection, transaction, ct).ConfigureAwait(false);
            return await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
                transaction: transaction, cancellationToken: ct)).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);

        var applied = new List<Migration>();
        foreach (var migration in migrations.OrderBy(m => m.Number))
        {
            if (await ApplyAsync(database, migration, migrations[^1].Number, ct).ConfigureAwait(false))
            {
                applied.Add(migration);
            }
        }
        return applied;
    }

    private static Task<bool> ApplyAsync(StoreDatabase database, Migration migration, int latestKnown, CancellationToken ct) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            await LockAsync(database, connection, transaction, ct).ConfigureAwait(false);
            // Checked inside the transaction so two processes opening a new store at once apply each migration once.
            var newest = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT MAX(version) FROM schema_migrations", transaction: transaction, cancellationToken: ct)).ConfigureAwait(false);
            if (newest > latestKnown)
            {
                throw new MLCycleException(ErrorKind.Unavailable,
                    $"The store's schema is at version {newest}, newer than this MLCycle knows ({latestKnown}); upgrade MLCycle to open it.");
            }
            var done = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM schema_migrations WHERE version = @Number",
                new { migration.Number }, transaction, cancellationToken: ct)).ConfigureAwait(false);
            if (done > 0)
            {
                return false;
            }
            // An hour, not the default 30 s: a migration that moves a table's rows (15 moves the metric history) takes as long as the table is big.
            await connection.ExecuteAsync(new CommandDefinition(
                migration.Script(database.Dialect), transaction: transaction, commandTimeout: 3600, cancellationToken: ct)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Number, @Name, @AppliedAt)",
                new { migration.Number, migration.Name, AppliedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                transaction, cancellationToken: ct)).ConfigureAwait(false);
            return true;
        }, ct);

    // PostgreSQL runs DDL in READ COMMITTED transactions that do not block each other, so concurrent openers take a lock first.
    private static async Task LockAsync(StoreDatabase database, System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, CancellationToken ct)
    {
        if (database.Dialect.MigrationLockSql is { } sql)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: ct)).ConfigureAwait(false);
        }
    }
}
