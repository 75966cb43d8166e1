using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>
/// Sample weights from a bias report: each row is weighted by expected over observed share of its group, multiplied
/// across the columns with expected shares (independent corrections, not a joint raking); rows of unlisted groups keep 1.
/// </summary>
public static class BiasWeights
{
    /// <summary>
    /// One weight per row of <paramref name="table"/>, which must hold every column with a population gap, read with the
    /// same column kinds as the checked file (so its values get the same group labels).
    /// </summary>
    public static double[] ForRows(BiasReport report, Table table)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(table);
        var weights = new double[table.RowCount];
        Array.Fill(weights, 1.0);
        foreach (var gap in report.Gaps)
        {
            if (!table.Contains(gap.Column))
                throw new MLCycleException(ErrorKind.BadSpec, $"The table to weight has no column '{gap.Column}', which the bias weights are based on; " +
                    $"its columns are {string.Join(", ", table.Columns.Select(c => c.Name))}.");
            var column = report.Columns.First(c => c.Name == gap.Column);
            var byGroup = gap.Groups.ToDictionary(g => g.Group, g => g.Weight, StringComparer.Ordinal);
            var values = table[gap.Column];
            for (var row = 0; row < weights.Length; row++)
                weights[row] *= byGroup.GetValueOrDefault(column.GroupOf(values, row), 1.0);
        }
        return weights;
    }
}
