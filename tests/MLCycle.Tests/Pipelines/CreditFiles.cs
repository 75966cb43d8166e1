using System.Text;

namespace MLCycle.Tests.Pipelines;

/// <summary>The German credit dataset (1,000 rows, no quoted fields), whole or split into parts of other formats for source tests.</summary>
internal static class CreditFiles
{
    public static string Csv => RepoFiles.Path("tests/data/german_credit.csv");

    public static string[] Header => File.ReadLines(Csv).First().Split(',');

    public static List<string[]> Rows => File.ReadLines(Csv).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();

    /// <summary>Rows as CSV with the given columns, in the dataset's order.</summary>
    public static string AsCsv(IEnumerable<string[]> rows, IReadOnlyList<string> columns)
    {
        var index = columns.Select(c => Array.IndexOf(Header, c)).ToArray();
        var text = new StringBuilder(string.Join(",", columns)).Append('\n');
        foreach (var row in rows) text.AppendJoin(',', index.Select(i => row[i])).Append('\n');
        return text.ToString();
    }

    /// <summary>Rows as JSON lines with the given columns; numbers stay numbers, and <paramref name="asDouble"/> columns are written as 1.0, 2.0 ...</summary>
    public static string AsJsonLines(IEnumerable<string[]> rows, IReadOnlyList<string> columns, string? asDouble = null)
    {
        var index = columns.Select(c => Array.IndexOf(Header, c)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            var fields = columns.Select((c, k) =>
            {
                var value = row[index[k]];
                var number = double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _);
                var json = !number ? System.Text.Json.JsonSerializer.Serialize(value) : c == asDouble ? value + ".0" : value;
                return $"\"{c}\": {json}";
            });
            text.Append('{').AppendJoin(", ", fields).Append("}\n");
        }
        return text.ToString();
    }
}
