namespace MLCycle.Data.Sources;

/// <summary>Checks the user's <see cref="CsvOptions"/> and turns them into DuckDB's <c>read_csv</c> settings.</summary>
internal static class CsvDialect
{
    public const string SupportedEncodings = "utf-8, latin-1, utf-16";

    public static char? Delimiter(CsvOptions options, string path)
    {
        var d = options.Delimiter;
        if (d is null) return null;
        if (d is "tab" or "\\t") return '\t';
        if (d.Length != 1)
            throw new MLCycleException(ErrorKind.BadSpec, $"The CSV delimiter for '{path}' must be one character (or 'tab'), but it is '{d}'.");
        return d[0];
    }

    /// <summary>DuckDB's name for the encoding, or null for the default (UTF-8).</summary>
    public static string? Encoding(CsvOptions options, string path)
    {
        if (options.Encoding is null) return null;
        return options.Encoding.Trim().ToLowerInvariant().Replace("_", "-", StringComparison.Ordinal) switch
        {
            "utf-8" or "utf8" => "utf-8",
            "latin-1" or "latin1" or "iso-8859-1" or "iso8859-1" => "latin-1",
            "utf-16" or "utf16" => "utf-16",
            var other => throw new MLCycleException(ErrorKind.BadSpec,
                $"The encoding '{other}' for '{path}' is not supported; supported encodings are {SupportedEncodings}."),
        };
    }
}
