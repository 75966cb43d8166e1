namespace MLCycle.Data;

/// <summary>Delimited-text settings that override what DuckDB's sniffer and the file extension would decide.</summary>
public sealed record CsvOptions
{
    /// <summary>The field separator, one character; <c>tab</c> or <c>\t</c> mean a tab. Null keeps the extension's or the sniffer's choice.</summary>
    public string? Delimiter { get; init; }

    /// <summary>The quote character; null keeps the default (<c>"</c> for .csv and .tsv, sniffed otherwise).</summary>
    public char? Quote { get; init; }

    /// <summary>The file's encoding: <c>utf-8</c> (default), <c>latin-1</c> (ISO-8859-1) or <c>utf-16</c>.</summary>
    public string? Encoding { get; init; }

    /// <summary>Whether the first line holds column names; false names the columns column0, column1, ... . Null means yes.</summary>
    public bool? Header { get; init; }
}
