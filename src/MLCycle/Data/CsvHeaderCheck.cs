using System.Text;
using MLCycle.Data.Sources;

namespace MLCycle.Data;

/// <summary>
/// Refuses a delimited file whose header names a column twice, leaves one unnamed, or hides a control or formatting character
/// in a name. DuckDB would rename the first two silently (island, island_1; column1), so a spec naming the column reads
/// another one, and the third reaches terminals and reports as written (an escape sequence, a right-to-left override).
/// </summary>
internal static class CsvHeaderCheck
{
    // A header longer than this is left to DuckDB, which refuses any line over 2 MB with its own message.
    private const int MaxHeaderChars = 4 << 20;

    /// <summary>Checks the header of a local UTF-8 delimited file with a known delimiter; other sources are DuckDB's to name.</summary>
    public static void Check(ITableSource source)
    {
        if (source is not CsvSource { Delimiter: { } delimiter, Header: true, IsUtf8: true } csv || !File.Exists(csv.File)) return;
        if (ReadNames(csv.File, delimiter, csv.Quote ?? '"') is not { } names) return;
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i];
            if (name.Trim().Length == 0)
                throw Bad(csv.Path, $"column {i + 1} has no name{Between(names, i)}; every column needs one: name it in the header line.");
            if (name.FirstOrDefault(NameRules.IsHidden) is var hidden && name.Any(NameRules.IsHidden))
                throw Bad(csv.Path, $"column {i + 1} is named '{NameRules.Show(name)}', which holds the hidden character U+{(int)hidden:X4}; "
                    + "a column name may not hold control or formatting characters.");
            if (!seen.TryAdd(name, i))
                throw Bad(csv.Path, $"columns {seen[name] + 1} and {i + 1} are both named '{NameRules.Show(names[seen[name]])}'"
                    + (names[seen[name]] == name ? "" : $" and '{NameRules.Show(name)}' (names are compared ignoring case)") + "; rename one.");
        }
    }

    /// <summary>The first record's fields, unquoted (RFC 4180: a doubled quote inside quotes is one quote); null past the size cap.</summary>
    internal static List<string>? ReadNames(string path, char delimiter, char quote)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        var names = new List<string>();
        var field = new StringBuilder();
        bool inQuotes = false;
        int c, read = 0;
        while ((c = reader.Read()) >= 0)
        {
            if (++read > MaxHeaderChars) return null;
            if (inQuotes)
            {
                if (c != quote) field.Append((char)c);
                else if (reader.Peek() == quote) field.Append((char)reader.Read());
                else inQuotes = false;
            }
            else if (c == quote) inQuotes = true;
            else if (c == delimiter) { names.Add(field.ToString()); field.Clear(); }
            else if (c is '\n' or '\r') break;
            else field.Append((char)c);
        }
        names.Add(field.ToString());
        return names;
    }

    private static string Between(List<string> names, int i) =>
        (i > 0 ? $" (after '{NameRules.Show(names[i - 1])}'" : " (the first")
        + (i < names.Count - 1 ? $", before '{NameRules.Show(names[i + 1])}')" : ", the last)");

    private static MLCycleException Bad(string path, string detail) =>
        new(ErrorKind.BadData, $"'{SourceAddress.Display(path)}' header: {detail}");
}
