using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using MLCycle.Data.Sources;

namespace MLCycle.Data;

/// <summary>Turns DuckDB's errors about a source into MLCycle messages that name the file, line, row, column and value.</summary>
internal static partial class DuckDbErrorTranslator
{
    public static MLCycleException Translate(DuckDBException error, ITableSource source)
    {
        var message = error.Message;
        if (source is CsvSource csv) return TranslateCsv(message, csv, error);
        if (source is JsonSource or MultiFileSource { SniffsTypes: false } && JsonPattern().Match(message) is { Success: true } json)
            return new MLCycleException(ErrorKind.BadData,
                $"'{source.Path}' is not valid JSON{FileNote(source, json.Groups["file"].Value)}: line {json.Groups["line"].Value}, " +
                $"byte {json.Groups["byte"].Value}: {json.Groups["reason"].Value.Trim().TrimEnd('.')}.", error);
        if (source is JsonSource)
            return new MLCycleException(ErrorKind.BadData, $"'{source.Path}' is not readable JSON: {FirstLine(message)}", error);
        if (source is ParquetSource)
            return new MLCycleException(ErrorKind.BadData, $"'{source.Path}' is not a readable Parquet file: {FirstLine(message)}", error);
        return new MLCycleException(ErrorKind.BadData, $"Could not read '{source.Path}': {FirstLine(message)}", error);
    }

    public static MLCycleException Ragged(string path, long line, int found, int expected) => new(ErrorKind.BadData,
        $"'{path}' line {line} has {found} field{(found == 1 ? "" : "s")} but the header has {expected}. " +
        "Fix or remove that row: rows are never padded or skipped silently.");

    // A glob names many files: say which one is broken.
    private static string FileNote(ITableSource source, string file) =>
        source is MultiFileSource ? $" (file '{file}')" : "";

    private static MLCycleException TranslateCsv(string message, CsvSource csv, DuckDBException error)
    {
        var lineMatch = LinePattern().Match(message);
        long? line = lineMatch.Success ? long.Parse(lineMatch.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

        var columns = ColumnCountPattern().Match(message);
        if (columns.Success && line is { } raggedLine)
            return Ragged(csv.Path, raggedLine, int.Parse(columns.Groups[2].Value), int.Parse(columns.Groups[1].Value));

        var conversion = ConversionPattern().Match(message);
        if (conversion.Success)
        {
            var column = conversion.Groups["col"].Value;
            var where = line is { } l ? $"data row {l - 1} (line {l})" : "a data row";
            return new MLCycleException(ErrorKind.BadData,
                $"'{csv.Path}' column '{column}', {where}: the value '{conversion.Groups["val"].Value}' is not " +
                $"{Describe(conversion.Groups["type"].Value)}, unlike the values before it. Fix the value (leave the field " +
                $"empty for a missing value), or declare the column's type in the spec under data.types (e.g. {column}: categorical).", error);
        }

        if (message.Contains("Error when sniffing file", StringComparison.Ordinal) && csv.Delimiter is { } delimiter
            && CsvShapeChecker.FindRaggedRecord(csv.File, delimiter) is { } ragged)
        {
            if (ragged.Found < 0)
                return new MLCycleException(ErrorKind.BadData, $"'{csv.Path}' line {ragged.Line}: a quoted field starts here and its closing quote (\") is never found.", error);
            return Ragged(csv.Path, ragged.Line, ragged.Found, ragged.Expected);
        }

        if (line is { } at && Reason(message) is { } reason)
            return new MLCycleException(ErrorKind.BadData, $"'{csv.Path}' line {at}: {reason}", error);
        return new MLCycleException(ErrorKind.BadData, $"Could not read '{csv.Path}' as delimited text: {FirstLine(message)}", error);
    }

    private static string Describe(string duckType) => duckType.ToUpperInvariant() switch
    {
        "BOOLEAN" => "true or false",
        "DATE" => "a date",
        var t when t.StartsWith("TIMESTAMP", StringComparison.Ordinal) => "a date and time",
        var t when t.StartsWith("TIME", StringComparison.Ordinal) => "a time of day",
        _ => "a number",
    };

    // DuckDB's CSV errors read "CSV Error on Line: N", "Original Line: ...", then the reason on the next line.
    private static string? Reason(string message)
    {
        var lines = message.Split('\n');
        var original = Array.FindIndex(lines, l => l.StartsWith("Original Line:", StringComparison.Ordinal));
        return original >= 0 && original + 1 < lines.Length && lines[original + 1].Trim().Length > 0 ? lines[original + 1].Trim() : null;
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length == 0 ? message.Trim() : line;
    }

    [GeneratedRegex("Malformed JSON in file \"(?<file>[^\"]*)\", at byte (?<byte>\\d+) in line (?<line>\\d+): (?<reason>[^\n]*)")]
    private static partial Regex JsonPattern();

    [GeneratedRegex(@"CSV Error on Line: (\d+)")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"Expected Number of Columns: (\d+) Found: (\d+)")]
    private static partial Regex ColumnCountPattern();

    [GeneratedRegex("Error when converting column \"(?<col>.*?)\"\\. Could not convert string \"(?<val>.*?)\" to '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex ConversionPattern();
}
