using MLCycle.Data;

namespace MLCycle.Preparation.Treatments;

/// <summary>Drops training rows whose value lies outside the fitted bounds of a column with the remove rule.</summary>
public static class OutlierRemover
{
    /// <summary>The rows kept (missing values and sentinels are kept: they are not outliers) and how many were removed.</summary>
    public static (Table Table, int Removed) Remove(Table train, FittedTreatments treatments)
    {
        var keep = Kept(train, treatments);
        var removed = train.RowCount - keep.Length;
        return (removed == 0 ? train : train.Take(keep), removed);
    }

    /// <summary>The indexes of the rows <see cref="Remove"/> keeps, for lining up per-row data such as sample weights.</summary>
    public static int[] Kept(Table train, FittedTreatments treatments)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(treatments);
        var rules = treatments.Numeric.Where(n => n.Removes && train.Contains(n.Column)).ToList();
        return Enumerable.Range(0, train.RowCount).Where(r => rules.All(n => Inside(n, train[n.Column].Numbers![r]))).ToArray();
    }

    private static bool Inside(NumericTreatment n, double value) =>
        double.IsNaN(value) || n.IsSentinel(value) || (value >= n.Low && value <= n.High);
}
