using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MLCycle.Storage;

/// <summary>SQLite: the embedded default store, in WAL mode so readers never wait for the writer.</summary>
public sealed class SqliteDialect : ISqlDialect
{
    private const int BusyTimeoutMilliseconds = 10_000;

    public static SqliteDialect Instance { get; } = new();

    public string Name => "SQLite";

    // AUTOINCREMENT keeps ids of deleted rows from being reused.
    public string AutoIncrementPrimaryKey => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public string BlobType => "BLOB";

    public string? ConnectionInitSql =>
        $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

    public string? DatabaseInitSql => "PRAGMA journal_mode = WAL;";

    // Write transactions begin IMMEDIATE (Microsoft.Data.Sqlite's default), so each holds the database's write lock.
    public string LockForUpdate => "";

    public string? MigrationLockSql => null;

    // Dapper expands a list parameter into (@p1, @p2, ...) for SQLite.
    public string InList(string column, string parameter) => $"{column} IN {parameter}";

    public bool SendsArrays => false;

    // SQLite's LIKE ignores case, so a case-sensitive LIKE becomes the equivalent GLOB.
    public (string Condition, string Pattern) Like(string column, string parameter, string pattern) => ($"{column} GLOB {parameter}", ToGlob(pattern));

    /// <summary>Creates a data source for the SQLite file at <paramref name="databaseFile"/>.</summary>
    public static DbDataSource CreateDataSource(string databaseFile)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databaseFile,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        };
        return SqliteFactory.Instance.CreateDataSource(builder.ToString());
    }

    public string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> valueColumns) =>
        SqlText.Upsert(table, keyColumns, valueColumns);

    public string InsertIfAbsent(string table, IReadOnlyList<string> columns) => SqlText.InsertIfAbsent(table, columns);

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 1555 or 2067 };

    public void Release(DbDataSource dataSource)
    {
        using var connection = new SqliteConnection(dataSource.ConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>The GLOB pattern matching what the LIKE <paramref name="pattern"/> matches: % is *, _ is ?, a backslash escapes, and
    /// GLOB's own wildcards stand for themselves.</summary>
    internal static string ToGlob(string pattern)
    {
        var glob = new System.Text.StringBuilder(pattern.Length + 8);
        for (var i = 0; i < pattern.Length; i++)
        {
            var escaped = pattern[i] == '\\' && i + 1 < pattern.Length;
            var c = escaped ? pattern[++i] : pattern[i];
            glob.Append(escaped ? Literal(c) : c switch { '%' => "*", '_' => "?", _ => Literal(c) });
        }
        return glob.ToString();

        static string Literal(char c) => c is '*' or '?' or '[' ? $"[{c}]" : c.ToString();
    }
}
