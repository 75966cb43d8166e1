using System.Globalization;
using MLCycle.Data;
using MLCycle.Profiling;

namespace MLCycle.Profiling.Drift;

/// <summary>Compares one current column with its reference profile, choosing the statistics the profile supports.</summary>
internal static class ColumnDrift
{
    private static readonly string[] TrueWords = ["1", "true", "yes", "y", "t"];
    private static readonly string[] FalseWords = ["0", "false", "no", "n", "f"];

    public static FeatureDrift Compare(ColumnProfile reference, TableColumn current, DriftOptions options)
    {
        var name = reference.Name;
        if (reference.Kind == ColumnKind.Boolean)
        {
            var (flags, unparsed) = Booleans(current);
            return CategoricalDrift.Compare(name, reference.Kind, BooleanCounts(reference), 0, reference.Missing, flags, options, Unparsed(unparsed, "true/false"));
        }
        if (reference.Kind is ColumnKind.Numeric or ColumnKind.DateTime && PercentileCdf.CanUse(reference.Numeric?.Percentiles) && reference.Count > 0)
        {
            var (numbers, unparsed) = Numbers(current);
            return NumericDrift.Compare(name, reference.Kind, reference.Count, reference.Missing,
                new PercentileCdf(reference.Numeric!.Percentiles), reference.Numeric.Std, numbers, options, Unparsed(unparsed, "numbers"));
        }
        var other = Math.Max(0, reference.Count - reference.TopValues.Sum(v => v.Count));
        var note = reference.Kind is ColumnKind.Numeric or ColumnKind.DateTime && reference.TopValues.Count == 0
            ? "the reference has no value statistics; only the share of missing values is compared"
            : null;
        return CategoricalDrift.Compare(name, reference.Kind, reference.TopValues, other, reference.Missing, Strings(current), options, note);
    }

    private static string? Unparsed(long count, string what) =>
        count == 0 ? null : $"{count} current values were not {what} and count as missing";

    /// <summary>Reference counts of false and true; the mean of a 0/1 column is exactly its share of trues.</summary>
    internal static IReadOnlyList<ValueCount> BooleanCounts(ColumnProfile reference)
    {
        if (reference.Numeric is { } stats && double.IsFinite(stats.Mean))
        {
            var trues = (long)Math.Round(reference.Count * stats.Mean);
            return [new("false", reference.Count - trues), new("true", trues)];
        }
        long t = 0, f = 0;
        foreach (var vc in reference.TopValues)
        {
            if (TrueWords.Contains(vc.Value, StringComparer.OrdinalIgnoreCase)) t += vc.Count;
            else if (FalseWords.Contains(vc.Value, StringComparer.OrdinalIgnoreCase)) f += vc.Count;
        }
        return [new("false", f), new("true", t)];
    }

    private static (string?[] Values, long Unparsed) Booleans(TableColumn column)
    {
        var result = new string?[column.Length];
        long unparsed = 0;
        for (var i = 0; i < result.Length; i++)
        {
            if (column.Numbers is { } n)
            {
                result[i] = double.IsNaN(n[i]) ? null : n[i] != 0 ? "true" : "false";
                continue;
            }
            var s = column.Strings![i]?.Trim();
            if (s is null) continue;
            if (TrueWords.Contains(s, StringComparer.OrdinalIgnoreCase)) result[i] = "true";
            else if (FalseWords.Contains(s, StringComparer.OrdinalIgnoreCase)) result[i] = "false";
            else unparsed++;
        }
        return (result, unparsed);
    }

    private static (double[] Values, long Unparsed) Numbers(TableColumn column)
    {
        if (column.Numbers is { } numbers) return (numbers, 0);
        var result = new double[column.Length];
        long unparsed = 0;
        for (var i = 0; i < result.Length; i++)
        {
            var s = column.Strings![i];
            if (s is not null && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
            {
                result[i] = v;
                continue;
            }
            result[i] = double.NaN;
            if (s is not null) unparsed++;
        }
        return (result, unparsed);
    }

    private static string?[] Strings(TableColumn column)
    {
        if (column.Strings is { } strings) return strings;
        var result = new string?[column.Length];
        for (var i = 0; i < result.Length; i++) result[i] = column.Format(i);
        return result;
    }
}
