using System.Globalization;
using MLCycle.Data;

namespace MLCycle.Tests.Training;

/// <summary>A test-only CSV-to-Table loader for the shipped datasets (no quoted fields): numeric when every value parses.</summary>
internal static class CsvTables
{
    public static Table Load(string path, int maxRows = int.MaxValue, IReadOnlyDictionary<string, ColumnKind>? kinds = null)
    {
        var lines = File.ReadLines(path).Where(l => l.Length > 0).Take(maxRows == int.MaxValue ? int.MaxValue : maxRows + 1).ToList();
        var header = lines[0].Split(',');
        var cells = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var columns = new List<TableColumn>();
        for (var c = 0; c < header.Length; c++)
        {
            var raw = cells.Select(r => r[c].Length == 0 ? null : r[c]).ToArray();
            var kind = kinds is not null && kinds.TryGetValue(header[c], out var k) ? k
                : raw.All(v => v is null || double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) ? ColumnKind.Numeric
                : ColumnKind.Categorical;
            var info = new ColumnInfo(header[c], kind, "VARCHAR");
            columns.Add(kind switch
            {
                ColumnKind.Numeric => TableColumn.FromNumbers(info, raw.Select(v => v is null ? double.NaN : double.Parse(v, CultureInfo.InvariantCulture)).ToArray()),
                ColumnKind.DateTime => TableColumn.FromNumbers(info, raw.Select(v => v is null ? double.NaN
                    : DateTimeOffset.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeSeconds()).Select(v => (double)v).ToArray()),
                _ => TableColumn.FromStrings(info, raw),
            });
        }
        return new Table(columns);
    }
}
