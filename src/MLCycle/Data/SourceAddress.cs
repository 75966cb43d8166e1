using MLCycle.Data.Sources;

namespace MLCycle.Data;

/// <summary>Tells what a source path names before it is read, the way the readers will decide it: an address, a database, or a file by extension.</summary>
public static class SourceAddress
{
    private static readonly string[] DatabaseExtensions = [".db", ".sqlite", ".sqlite3"];

    /// <summary>True for an HTTP(S) or PostgreSQL address, which is used as written rather than resolved as a file path.</summary>
    public static bool IsAddress(string path) => HttpDownloader.Matches(path) || PostgresAddress.Matches(path);

    /// <summary>True for a source read with a table name or a query: a SQLite file or a PostgreSQL address.</summary>
    public static bool IsDatabase(string path) =>
        PostgresAddress.Matches(path) || DatabaseExtensions.Contains(System.IO.Path.GetExtension(path).ToLowerInvariant());

    /// <summary>The path as it may be shown and stored: a PostgreSQL address without its password, anything else as written.</summary>
    public static string Display(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!PostgresAddress.Matches(path)) return path;
        try
        {
            return PostgresAddress.Parse(path).Display;
        }
        catch (MLCycleException)
        {
            return "postgresql://(an address that does not parse)";
        }
    }

    /// <summary>Why no reader takes <paramref name="path"/> (an extension no reader knows), or null when one does or the kind shows only when read (addresses, folders, globs).</summary>
    public static string? Unsupported(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsAddress(path) || Directory.Exists(path) || FileSetResolver.IsGlob(path)) return null;
        var extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        var known = TableSourceResolver.Supported.Split(", ");
        if (known.Contains(extension)) return null;
        return extension.Length == 0
            ? $"'{path}' has no extension to tell its format; supported extensions are {TableSourceResolver.Supported}."
            : $"the extension '{extension}' of '{path}' is not supported; supported extensions are {TableSourceResolver.Supported}.";
    }
}
