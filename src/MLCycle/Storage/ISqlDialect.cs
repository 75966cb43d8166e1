using System.Data.Common;

namespace MLCycle.Storage;

/// <summary>The SQL that differs between database engines; everything else in the store is shared SQL.</summary>
public interface ISqlDialect
{
    /// <summary>The engine's name, for messages (e.g. "SQLite").</summary>
    string Name { get; }

    /// <summary>The column definition of a 64-bit auto-incrementing primary key.</summary>
    string AutoIncrementPrimaryKey { get; }

    /// <summary>The column type of bytes kept as they are (BLOB, BYTEA).</summary>
    string BlobType { get; }

    /// <summary>SQL run once on every newly opened connection (pragmas, session settings), or null.</summary>
    string? ConnectionInitSql { get; }

    /// <summary>SQL run once when the store opens, before migrations (database-wide settings), or null.</summary>
    string? DatabaseInitSql { get; }

    /// <summary>The clause appended to a SELECT to lock the rows it reads until the transaction ends ("" where a write
    /// transaction already locks the whole database, as SQLite's does).</summary>
    string LockForUpdate { get; }

    /// <summary>SQL run first in each migration transaction so that concurrent openers migrate one at a time, or null
    /// where write transactions are serialised anyway.</summary>
    string? MigrationLockSql { get; }

    /// <summary>A condition that <paramref name="column"/> is one of the values of the list parameter <paramref name="parameter"/>.</summary>
    string InList(string column, string parameter);

    /// <summary>Whether a list parameter travels as one array (PostgreSQL), so many rows can be written by one
    /// <c>INSERT … SELECT … FROM unnest(…)</c> instead of one statement per row.</summary>
    bool SendsArrays { get; }

    /// <summary>A case-sensitive LIKE of <paramref name="column"/> against <paramref name="parameter"/>, and the pattern to bind to it
    /// (<paramref name="pattern"/> in LIKE syntax, with % and _ and a backslash escape).</summary>
    (string Condition, string Pattern) Like(string column, string parameter, string pattern);

    /// <summary>An INSERT of <paramref name="keyColumns"/> and <paramref name="valueColumns"/> (as @column parameters)
    /// that updates the value columns when a row with the same keys exists.</summary>
    string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> valueColumns);

    /// <summary>An INSERT of <paramref name="columns"/> (as @column parameters) that does nothing when the row's key exists.</summary>
    string InsertIfAbsent(string table, IReadOnlyList<string> columns);

    /// <summary>Whether the exception is a unique or primary key violation.</summary>
    bool IsUniqueViolation(DbException exception);

    /// <summary>Releases engine resources held for the data source (e.g. pooled connections) when the store closes.</summary>
    void Release(DbDataSource dataSource);
}
