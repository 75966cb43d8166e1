using System.Globalization;
using MLCycle.Data;

namespace MLCycle.Evaluation.Fairness;

/// <summary>
/// Puts each row in a group of a sensitive column: its value as text, "(missing)" when it has none, and for a numeric
/// column with many values an equal-count band such as "[25, 33)" (the last band closed), as the data-side bias check does.
/// </summary>
internal static class FairnessGrouping
{
    public const string Missing = "(missing)";

    public static string[] Labels(TableColumn column, FairnessOptions options)
    {
        var labels = new string[column.Length];
        if (column.Kind == ColumnKind.Numeric && column.Numbers is { } numbers
            && numbers.Where(double.IsFinite).Distinct().Count() > options.MaxUnbandedValues)
        {
            var edges = Edges(numbers.Where(double.IsFinite).Order().ToArray(), options.Bands);
            for (var i = 0; i < labels.Length; i++) labels[i] = double.IsFinite(numbers[i]) ? Band(edges, numbers[i]) : Missing;
            return labels;
        }
        for (var i = 0; i < labels.Length; i++) labels[i] = column.Format(i) ?? Missing;
        return labels;
    }

    // Minimum, the values starting the 2nd, 3rd, ... n-th equal share of the sorted values, maximum; ties merged so every band holds rows.
    private static double[] Edges(double[] sorted, int bands)
    {
        var edges = new SortedSet<double> { sorted[0], sorted[^1] };
        for (var i = 1; i < bands; i++) edges.Add(sorted[(int)((long)i * sorted.Length / bands)]);
        return edges.ToArray();
    }

    private static string Band(double[] edges, double value)
    {
        var i = 1;
        while (i < edges.Length - 1 && value >= edges[i]) i++;
        var last = i == edges.Length - 1;
        return string.Create(CultureInfo.InvariantCulture, $"[{edges[i - 1]:G6}, {edges[i]:G6}{(last ? "]" : ")")}");
    }
}
