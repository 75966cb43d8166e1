using System.Globalization;
using MLCycle.Data;

namespace MLCycle.Preparation.Treatments;

/// <summary>Checks treatments against the feature columns: each named column exists and has a kind the treatment applies to.</summary>
public static class TreatmentCheck
{
    /// <summary>Every problem found, in spec order; empty when the treatments fit the columns.</summary>
    public static IReadOnlyList<TreatmentProblem> Check(TreatmentOptions options, IReadOnlyList<ColumnInfo> features)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(features);
        var kinds = features.ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal);
        var problems = new List<TreatmentProblem>();
        foreach (var (column, values) in options.Sentinels)
        {
            var path = $"sentinels.{column}";
            if (column == TreatmentOptions.AllColumns) continue;
            if (!Known(column, kinds, path, problems)) continue;
            var kind = kinds[column];
            if (kind is not (ColumnKind.Numeric or ColumnKind.Categorical))
            {
                problems.Add(new(path, $"sentinels apply to numeric and categorical columns; '{column}' is {Word(kind)}."));
                continue;
            }
            for (var i = 0; i < values.Count; i++)
            {
                if (kind == ColumnKind.Numeric && !IsNumber(values[i]))
                    problems.Add(new($"{path}[{i}]", $"'{column}' is numeric, so its sentinels must be numbers; found '{values[i]}'."));
                else if (kind == ColumnKind.Numeric && !float.IsFinite(float.Parse(values[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture)))
                    problems.Add(new($"{path}[{i}]", $"expected a number within ±3.4e38 (features are 32-bit floats); found '{values[i]}'."));
            }
        }
        foreach (var (column, rule) in options.Outliers)
        {
            var path = $"outliers.{column}";
            if (rule.IqrFactor is <= 0 or double.NaN || double.IsInfinity(rule.IqrFactor))
                problems.Add(new($"{path}.iqr", FormattableString.Invariant($"expected a fence multiplier above 0, such as 1.5; found {rule.IqrFactor}.")));
            if (rule.Percentiles is { } p && !(p.Low >= 0 && p.High <= 100 && p.Low < p.High))
                problems.Add(new($"{path}.percentiles", FormattableString.Invariant($"expected [low, high] with 0 <= low < high <= 100, such as [1, 99]; found [{p.Low}, {p.High}].")));
            if (column == TreatmentOptions.AllColumns || !Known(column, kinds, path, problems)) continue;
            if (kinds[column] != ColumnKind.Numeric)
                problems.Add(new(path, $"outlier treatment applies to numeric columns; '{column}' is {Word(kinds[column])}."));
        }
        var c = options.Categories;
        if (c is not null && (c.MinCount < 0 || c.MinShare is < 0 or >= 1 or double.NaN))
            problems.Add(new("categories", FormattableString.Invariant($"expected min_count >= 0 and min_share in [0, 1); found {c.MinCount} and {c.MinShare}.")));
        return problems;
    }

    /// <summary>Whether a sentinel written in the spec reads as a number (invariant culture).</summary>
    public static bool IsNumber(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v);

    private static bool Known(string column, Dictionary<string, ColumnKind> kinds, string path, List<TreatmentProblem> problems)
    {
        if (kinds.ContainsKey(column)) return true;
        var close = kinds.Keys.FirstOrDefault(n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase));
        var hint = close is null ? $"feature columns are: {string.Join(", ", kinds.Keys.Take(30))}" : $"did you mean '{close}'?";
        problems.Add(new(path, $"column '{column}' is not a feature column ({hint})."));
        return false;
    }

    private static string Word(ColumnKind kind) => kind.ToString().ToLowerInvariant();
}
