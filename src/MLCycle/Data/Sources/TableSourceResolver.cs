namespace MLCycle.Data.Sources;

/// <summary>Chooses the source kind for a path by its extension, after checking the file is there and not empty.</summary>
internal static class TableSourceResolver
{
    public const string Supported = ".csv, .tsv, .txt, .parquet";

    public static ITableSource Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        ITableSource source = extension switch
        {
            ".csv" => new CsvSource(path, ','),
            ".tsv" => new CsvSource(path, '\t'),
            ".txt" => new CsvSource(path, null),
            ".parquet" => new ParquetSource(path),
            _ => throw new MLCycleException(
                $"Cannot read '{path}': the extension '{extension}' is not supported; supported extensions are {Supported}."),
        };
        var file = new FileInfo(path);
        if (!file.Exists) throw new MLCycleException($"Data file '{path}' does not exist (looked at '{file.FullName}').");
        if (file.Length == 0) throw new MLCycleException($"Data file '{path}' is empty (0 bytes): expected a header and at least one row.");
        return source;
    }
}
