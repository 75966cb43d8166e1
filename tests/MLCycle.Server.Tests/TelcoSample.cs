using System.Globalization;
using MLCycle.Data;

namespace MLCycle.Server.Tests;

/// <summary>The first rows of the telco churn example (a quote-free CSV) with a few columns: enough to train a small binary model.</summary>
internal static class TelcoSample
{
    public static readonly string[] Numeric = ["tenure", "monthly_charges"];
    public static readonly string[] Categorical = ["contract", "internet_service", "churn"];

    public static Table Load(int rows)
    {
        var lines = File.ReadLines(RepoFiles.Path("examples/telco-churn/telco_churn.csv")).Take(rows + 1).Select(l => l.Split(',')).ToList();
        var header = lines[0];
        var body = lines.Skip(1).ToList();
        var columns = new List<TableColumn>();
        foreach (var name in Numeric)
        {
            var i = Array.IndexOf(header, name);
            columns.Add(TableColumn.FromNumbers(new ColumnInfo(name, ColumnKind.Numeric, "DOUBLE"),
                [.. body.Select(r => double.Parse(r[i], CultureInfo.InvariantCulture))]));
        }
        foreach (var name in Categorical)
        {
            var i = Array.IndexOf(header, name);
            columns.Add(TableColumn.FromStrings(new ColumnInfo(name, ColumnKind.Categorical, "VARCHAR"), [.. body.Select(r => r[i])]));
        }
        return new Table(columns);
    }
}
