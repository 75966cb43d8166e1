using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MLCycle.Storage;

/// <summary>The data source and dialect shared by the SQL stores: opens initialised connections and runs transactions.</summary>
internal sealed class StoreDatabase(DbDataSource dataSource, ISqlDialect dialect) : IAsyncDisposable
{
    public ISqlDialect Dialect { get; } = dialect;

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        DbConnection connection;
        try
        {
            connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (!ct.IsCancellationRequested)
        {
            // Every connection taken (the pool's, or the server's max_connections) or the server down: the request may be fine and
            // succeed later, so it is Unavailable (a 503 a client may retry), not a failure of MLCycle (a 500).
            var why = ex is PostgresException pg ? $"PostgreSQL says {pg.SqlState}: {pg.MessageText}"
                : ex.InnerException is TimeoutException ? "no connection came free in time" : "the database server could not be reached";
            throw new MLCycleException(ErrorKind.Unavailable, $"The store's database cannot take another connection now ({why}); retry later.", inner: ex);
        }
        if (Dialect.ConnectionInitSql is { } init)
        {
            await connection.ExecuteAsync(new CommandDefinition(init, cancellationToken: ct)).ConfigureAwait(false);
        }
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction, committed only if it returns normally.</summary>
    public Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct) =>
        RunAsync(work, (c, token) => c.BeginTransactionAsync(IsolationLevel.Unspecified, token), ct, ct);

    /// <summary>Runs <paramref name="work"/>'s reads in one transaction that sees one state of the database, so a write committed
    /// between two of its statements shows in neither: on SQLite a deferred transaction (its first read fixes the snapshot in the WAL,
    /// and it takes no write lock), on PostgreSQL REPEATABLE READ (one snapshot for the transaction, where READ COMMITTED takes one per
    /// statement). Its commit ignores <paramref name="ct"/>: every read is done by then, and a cancellation would only throw them away.</summary>
    public Task<T> SnapshotAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct) =>
        RunAsync(work, BeginSnapshotAsync, ct, CancellationToken.None);

    private static async ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);

    private async Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, Func<DbConnection, CancellationToken, ValueTask<DbTransaction>> begin,
        CancellationToken ct, CancellationToken commit)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await begin(connection, ct).ConfigureAwait(false);
        try
        {
            var result = await work(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(commit).ConfigureAwait(false);
            return result;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CharacterNotInRepertoire)
        {
            throw TextNotKept(ex);
        }
    }

    /// <summary>Runs <paramref name="work"/> on an open connection without a transaction (single reads, or one statement atomic by itself).</summary>
    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        try
        {
            return await work(connection).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CharacterNotInRepertoire)
        {
            throw TextNotKept(ex);
        }
    }

    // PostgreSQL keeps no NUL (U+0000) in text, where SQLite would: the caller's value is at fault, so it is bad data (a 400, exit
    // code 3), not a failure of the store. The API refuses such text before it gets here; this covers every other way in.
    private static MLCycleException TextNotKept(PostgresException ex) =>
        new(ErrorKind.BadData, $"A value contains a character PostgreSQL cannot keep in text (PostgreSQL says: {ex.MessageText}); remove NUL (U+0000) characters from names, tags, params and reasons.", inner: ex);

    public async ValueTask DisposeAsync()
    {
        Dialect.Release(dataSource);
        await dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
