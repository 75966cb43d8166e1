using MLCycle.Profiling;
using MLCycle.Profiling.Drift;

namespace MLCycle.Validation;

/// <summary>Compares one column with its reference profile through the same drift statistics monitoring uses (PSI, and KS or chi-squared).</summary>
internal static class DistributionCheck
{
    public static ExpectationResult Check(ValidationTable table, string column, DistributionExpectation expected, DatasetProfile reference)
    {
        var profile = reference.Find(column)!;
        var current = table.ReadColumn(column);
        if (current.RowCount == 0)
            throw new MLCycleException(ErrorKind.BadData, "The current data has no rows; drift needs at least one row to compare.");
        var drift = ColumnDrift.Compare(profile, current[column], new DriftOptions());
        // KS for numeric columns; categorical ones have no CDF, so the chi-squared test stands in for it.
        var p = drift.KsPValue ?? drift.ChiSquarePValue;
        var test = drift.KsPValue is not null ? "KS" : "chi-squared";
        var passed = true;
        var observed = new List<string>();
        if (expected.Psi is { } psi)
        {
            passed &= drift.Psi < psi;
            observed.Add($"PSI {Round(drift.Psi)}");
        }
        if (expected.KsP is { } bound)
        {
            passed &= p >= bound;
            observed.Add(p is { } value ? $"{test} p-value {Round(value)}" : "no p-value (the reference has no value statistics)");
        }
        if (drift.Note is { } note) observed.Add(note);
        return ColumnChecks.Result("distribution", column, passed, string.Join("; ", observed), Describe(expected));
    }

    public static string Describe(DistributionExpectation d)
    {
        var parts = new List<string>();
        if (d.Psi is { } psi) parts.Add($"PSI below {ColumnChecks.Number(psi)}");
        if (d.KsP is { } p) parts.Add($"p-value at least {ColumnChecks.Number(p)}");
        return string.Join(" and ", parts);
    }

    private static string Round(double value) => ColumnChecks.Number(Math.Round(value, 4));
}
