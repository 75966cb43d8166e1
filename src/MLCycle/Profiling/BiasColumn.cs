using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>
/// A sensitive column as the bias check grouped it: its kind and, when its numbers were banded, the band edges
/// (band i holds values in [edge i, edge i+1), the last band includes its upper edge, and values outside the
/// edges fall into the outer bands).
/// </summary>
public sealed record BiasColumn(string Name, ColumnKind Kind, IReadOnlyList<double>? BandEdges)
{
    /// <summary>The label of the group holding missing values.</summary>
    public const string MissingGroup = "(missing)";

    /// <summary>The group label of one row of a table column of the same name.</summary>
    public string GroupOf(TableColumn column, int row)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.IsMissing(row)) return MissingGroup;
        if (column.Strings is not null) return column.Strings[row]!;
        var value = column.Numbers![row];
        return BandEdges is null ? column.Format(row)! : BandLabel(BiasBands.IndexOf(BandEdges, value));
    }

    /// <summary>The label of band <paramref name="index"/>, e.g. "[30, 45)" or, for the last band, "[60, 80]".</summary>
    public string BandLabel(int index)
    {
        if (BandEdges is null) throw new InvalidOperationException($"Column '{Name}' is not banded.");
        var last = index == BandEdges.Count - 2;
        return $"[{FormatNumber(BandEdges[index])}, {FormatNumber(BandEdges[index + 1])}{(last ? "]" : ")")}";
    }

    /// <summary>A value of this column as a group label (numbers the way tables format them, e.g. 1 or true).</summary>
    public string FormatNumber(double value) =>
        TableColumn.FromNumbers(new ColumnInfo(Name, Kind, ""), [value]).Format(0) ?? MissingGroup;
}
