using System.Globalization;
using MLCycle.Data;

namespace MLCycle.Scoring.Tests;

/// <summary>
/// A package trained once from examples/ with <c>mlcycle run</c> (penguins: LightGBM, multiclass; churn: linear, binary with its
/// chosen threshold), and rows as the full library scored them (<c>mlcycle predict</c>, which loads the package with
/// LoadedModel): the reference the slim library must reproduce.
/// </summary>
internal sealed class ExamplePackage
{
    private ExamplePackage(string name)
    {
        Directory = Path.Combine(AppContext.BaseDirectory, "Packages", name);
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Packages", name + "-scored.csv"));
        Header = lines[0].Split(',');
        // The files have no quoted cells; an empty cell is a missing value.
        Rows = [.. lines.Skip(1).Select(l => l.Split(',').Select(c => c.Length == 0 ? null : c).ToArray())];
    }

    public static ExamplePackage Penguins { get; } = new("penguins");

    public static ExamplePackage Churn { get; } = new("churn");

    public string Directory { get; }

    public string[] Header { get; }

    public string?[][] Rows { get; }

    /// <summary>The cell of <paramref name="row"/> in column <paramref name="column"/>.</summary>
    public string? Cell(string?[] row, string column) => row[Array.IndexOf(Header, column)];

    /// <summary>The data columns (inputs and target), as raw text the way a CSV reader hands them over.</summary>
    public Table AsTable() =>
        new([.. DataColumns.Select(name =>
            TableColumn.FromStrings(new ColumnInfo(name, ColumnKind.Text, "VARCHAR"), [.. Rows.Select(r => Cell(r, name))]))]);

    /// <summary>The input cells of a row as a caller would send them: numbers as doubles, the rest as strings, empty as null.</summary>
    public Dictionary<string, object?> AsValues(string?[] row, IReadOnlyList<InputColumn> inputs) =>
        inputs.ToDictionary(i => i.Name, i => Cell(row, i.Name) is { } cell && i.Kind == ColumnKind.Numeric
            ? double.Parse(cell, CultureInfo.InvariantCulture)
            : (object?)Cell(row, i.Name));

    /// <summary>A copy of the package that a test may damage.</summary>
    public string Copy()
    {
        var copy = Path.Combine(Path.GetTempPath(), "mlcycle-scoring-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(copy);
        foreach (var file in System.IO.Directory.GetFiles(Directory)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }

    private IEnumerable<string> DataColumns => Header.Where(h => h is not ("prediction" or "error") && !h.StartsWith("probability_", StringComparison.Ordinal));
}
