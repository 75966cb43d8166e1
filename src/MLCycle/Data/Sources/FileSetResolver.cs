namespace MLCycle.Data.Sources;

/// <summary>Lists the files of a folder or a glob (sorted, so row order is stable) and checks they share one readable format.</summary>
internal static class FileSetResolver
{
    private static readonly string[] CsvExtensions = [".csv", ".tsv", ".txt"];
    private static readonly string[] JsonExtensions = [".json", ".jsonl", ".ndjson"];

    /// <summary>True when the path is a glob the user wrote: it has wildcard characters and is not itself an existing file.</summary>
    public static bool IsGlob(string path) => path.IndexOfAny(['*', '?', '[']) >= 0 && !File.Exists(path);

    public static MultiFileSource Resolve(string path, CsvOptions? csv, DuckDbSession session)
    {
        var files = Directory.Exists(path) ? FolderFiles(path) : GlobFiles(path, session);
        if (files.Count == 0)
            throw new MLCycleException(ErrorKind.BadSpec, Directory.Exists(path)
                ? $"Folder '{path}' has no data files: expected files ending in {string.Join(", ", CsvExtensions.Concat(JsonExtensions))}."
                : $"The pattern '{path}' matches no files.");
        var extensions = files.Select(f => System.IO.Path.GetExtension(f).ToLowerInvariant()).Distinct().ToList();
        var json = extensions.All(JsonExtensions.Contains);
        if (!json && !extensions.All(CsvExtensions.Contains))
            throw new MLCycleException(ErrorKind.BadSpec,
                $"'{path}' matches files of different formats ({string.Join(", ", extensions)}): expected all delimited text " +
                $"({string.Join(", ", CsvExtensions)}) or all JSON ({string.Join(", ", JsonExtensions)}).");
        foreach (var file in files)
            if (new FileInfo(file).Length == 0) throw new MLCycleException(ErrorKind.BadData, $"Data file '{file}' (matched by '{path}') is empty (0 bytes).");
        return new MultiFileSource(path, files, json, csv);
    }

    private static List<string> FolderFiles(string folder) => Directory.EnumerateFiles(folder)
        .Where(f => CsvExtensions.Concat(JsonExtensions).Contains(System.IO.Path.GetExtension(f).ToLowerInvariant()))
        .Order(StringComparer.Ordinal)
        .ToList();

    // DuckDB's own glob, so the pattern means the same as it would in read_csv (including ** for subfolders).
    private static List<string> GlobFiles(string pattern, DuckDbSession session)
    {
        var files = new List<string>();
        using var reader = session.Query("SELECT file FROM glob(" + SqlText.Literal(pattern) + ") ORDER BY file");
        while (reader.Read()) files.Add(reader.GetString(0));
        return files;
    }
}
