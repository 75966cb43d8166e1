namespace MLCycle.Data.Sources;

/// <summary>
/// Chooses the source kind for what the user wrote: an HTTP(S) address, a PostgreSQL address, a folder, a glob, or a
/// file by its extension (after checking it is there and not empty). Sources outside DuckDB's reach are loaded into the session.
/// </summary>
internal static class TableSourceResolver
{
    public const string Supported = ".csv, .tsv, .txt, .parquet, .json, .jsonl, .ndjson, .db, .sqlite, .sqlite3";

    public static ITableSource Resolve(string path, TableReadOptions options, DuckDbSession session, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (HttpDownloader.Matches(path))
        {
            var (file, extension) = HttpDownloader.Download(path, options, session, ct);
            if (new FileInfo(file).Length == 0) throw new MLCycleException(ErrorKind.BadData, $"'{path}' returned no data (0 bytes).");
            return Checked(ForExtension(path, extension, options, file), options);
        }
        if (PostgresAddress.Matches(path)) return PostgresLoader.Load(PostgresAddress.Parse(path), options, session, ct);
        if (Directory.Exists(path) || FileSetResolver.IsGlob(path)) return FileSetResolver.Resolve(path, options.Csv, session);

        var ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".db" or ".sqlite" or ".sqlite3") return SqliteLoader.Load(path, options, session, ct);
        ForExtension(path, ext, options, file: null);
        var info = new FileInfo(path);
        if (!info.Exists) throw new MLCycleException(ErrorKind.BadSpec, $"Data file '{path}' does not exist (looked at '{info.FullName}').");
        if (TargetLength(info, path) == 0) throw new MLCycleException(ErrorKind.BadData, $"Data file '{path}' is empty (0 bytes): expected a header and at least one row.");
        CheckReadable(path);
        return Checked(ForExtension(path, ext, options, LiteralAlias(path, ext, session)), options);
    }

    // Before DuckDB sniffs the file: the sniffer alone takes minutes on a very wide header.
    private static ITableSource Checked(ITableSource source, TableReadOptions options)
    {
        ColumnLimit.CheckHeader(source, options);
        CsvHeaderCheck.Check(source);
        return source;
    }

    // DuckDB expands *, ? and [..] in every path it is given, so a file whose name has them is read through a plain-named link.
    private static string? LiteralAlias(string path, string extension, DuckDbSession session)
    {
        if (path.IndexOfAny(['*', '?', '[']) < 0) return null;
        var alias = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlcycle-literal-" + Guid.NewGuid().ToString("N") + extension);
        session.DeleteOnDispose(alias);
        try
        {
            File.CreateSymbolicLink(alias, System.IO.Path.GetFullPath(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Copy(path, alias);
        }
        return alias;
    }

    private static ITableSource ForExtension(string path, string extension, TableReadOptions options, string? file) => extension switch
    {
        ".csv" => new CsvSource(path, ',', options.Csv, file),
        ".tsv" => new CsvSource(path, '\t', options.Csv, file),
        ".txt" => new CsvSource(path, null, options.Csv, file),
        ".parquet" => new ParquetSource(path, file),
        ".jsonl" or ".ndjson" => new JsonSource(path, newlineDelimited: true, file),
        ".json" => new JsonSource(path, newlineDelimited: false, file),
        _ => throw new MLCycleException(ErrorKind.BadSpec,
            $"Cannot read '{path}': the extension '{extension}' is not supported; supported extensions are {Supported}."),
    };

    // A link's own length is that of its target's name. A link to a pipe or a device (length 0) must be refused like one,
    // or opening it to check it is readable waits forever for a writer.
    private static long TargetLength(FileInfo info, string path)
    {
        try
        {
            return (info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info).Length;
        }
        catch (IOException e)
        {
            throw new MLCycleException(ErrorKind.Unavailable, $"Data file '{path}' cannot be read: {e.Message}", e);
        }
    }

    private static void CheckReadable(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new MLCycleException(ErrorKind.Unavailable, $"Data file '{path}' cannot be read: permission denied.", e);
        }
        catch (IOException e)
        {
            throw new MLCycleException(ErrorKind.Unavailable, $"Data file '{path}' cannot be read: {e.Message}", e);
        }
    }
}
