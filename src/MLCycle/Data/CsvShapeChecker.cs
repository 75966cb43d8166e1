using System.Text;

namespace MLCycle.Data;

/// <summary>
/// Finds the first record whose field count differs from the header's, or a quote never closed, following RFC 4180 quoting.
/// Used only after DuckDB's sniffer gave up, because its message then names no line.
/// </summary>
internal static class CsvShapeChecker
{
    /// <summary>The first ragged record as (1-based line where it starts, fields found, fields expected), or null.</summary>
    /// <remarks>A quote still open at the end of the file is reported with Found = -1 at the line where its record starts.</remarks>
    public static (long Line, int Found, int Expected)? FindRaggedRecord(string path, char delimiter)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        int? expected = null;
        long line = 1, recordStart = 1;
        int fields = 1, charsInRecord = 0;
        var inQuotes = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"') reader.Read();
                    else inQuotes = false;
                }
                else if (c == '\n') line++;
                continue;
            }
            if (c == '"') { inQuotes = true; charsInRecord++; }
            else if (c == delimiter) { fields++; charsInRecord++; }
            else if (c == '\r') { }
            else if (c == '\n')
            {
                if (Check(ref expected, fields, charsInRecord) is false) return (recordStart, fields, expected!.Value);
                line++;
                recordStart = line;
                fields = 1;
                charsInRecord = 0;
            }
            else charsInRecord++;
        }
        if (inQuotes) return (recordStart, -1, expected ?? fields);
        if (Check(ref expected, fields, charsInRecord) is false) return (recordStart, fields, expected!.Value);
        return null;
    }

    // Blank lines are not records; the first record is the header and sets the expected count.
    private static bool? Check(ref int? expected, int fields, int charsInRecord)
    {
        if (charsInRecord == 0) return null;
        expected ??= fields;
        return fields == expected;
    }
}
