using System.Text;
using MLCycle.Data.Sources;

namespace MLCycle.Data;

/// <summary>
/// Refuses a source wider than <see cref="TableReadOptions.MaxColumns"/> before any row is read. A local delimited file is
/// measured by counting its first record's fields (RFC 4180 quoting), because DuckDB's sniffer takes minutes on a
/// 100,000-column header; every other source is measured by DuckDB's DESCRIBE, which reads no rows.
/// </summary>
internal static class ColumnLimit
{
    /// <summary>
    /// Counts the header's fields of a local delimited file with a known delimiter and refuses it when too wide; the count
    /// is kept on the source, which sizes DuckDB's type sniffing by it.
    /// </summary>
    public static void CheckHeader(ITableSource source, TableReadOptions options)
    {
        if (source is not CsvSource { Delimiter: { } delimiter } csv || !File.Exists(csv.File)) return;
        csv.HeaderFields = CountFirstRecordFields(csv.File, delimiter, csv.Quote ?? '"');
        Check(source.Path, csv.HeaderFields.Value, options.MaxColumns);
    }

    /// <summary>Throws a bad-argument error naming the source, the columns found, the limit and how to raise it.</summary>
    public static void Check(string path, int found, int limit)
    {
        if (found <= limit) return;
        throw new MLCycleException(ErrorKind.BadSpec,
            $"'{SourceAddress.Display(path)}' has {found:N0} columns, more than the limit of {limit:N0}; MLCycle refuses a table this wide " +
            "before reading its rows, because profiling and training time grow with every column. Keep only the columns you need, " +
            "or raise the limit with --max-columns N (profile, validate, run) or 'data.max_columns: N' in the spec.");
    }

    /// <summary>The fields of the first record: delimiters outside quotes up to the first line break outside quotes, plus one.</summary>
    internal static int CountFirstRecordFields(string path, char delimiter, char quote)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        var buffer = new char[1 << 16];
        var fields = 1;
        var inQuotes = false;
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                // A doubled quote inside quotes closes and reopens, which leaves the state as it was: no look-ahead needed.
                if (c == quote) inQuotes = !inQuotes;
                else if (inQuotes) continue;
                else if (c == delimiter) fields++;
                else if (c is '\n' or '\r') return fields;
            }
        }
        return fields;
    }
}
