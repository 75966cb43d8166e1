using MLCycle.Data;

namespace MLCycle.Preparation.Treatments;

/// <summary>Fits treatments on training rows only: sentinel lists, rare category levels and outlier bounds.</summary>
public static class TreatmentFitter
{
    /// <summary>
    /// Fits <paramref name="options"/> on every column of <paramref name="train"/> but the target. A treatment that
    /// does not fit the columns is an <see cref="MLCycleException"/> (<see cref="ErrorKind.BadSpec"/>) naming its key, e.g. 'prepare.outliers.income'.
    /// </summary>
    public static FittedTreatments Fit(Table train, string target, TreatmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        if (options.IsEmpty) return FittedTreatments.None;
        var features = train.Columns.Where(c => c.Name != target).ToList();
        if (TreatmentCheck.Check(options, features.Select(c => c.Info).ToList()) is [var problem, ..])
            throw new MLCycleException(ErrorKind.BadSpec, $"'prepare.{problem.KeyPath}': {problem.Message}");

        var normalization = options.Categories switch
        {
            null => CategoryNormalization.None,
            { CaseFold: true } => CategoryNormalization.TrimAndCaseFold,
            _ => CategoryNormalization.Trim,
        };
        var fitted = new FittedTreatments { Normalization = normalization };
        var numeric = new List<NumericTreatment>();
        var categorical = new List<CategoryTreatment>();
        foreach (var column in features)
        {
            if (column.Kind == ColumnKind.Numeric && FitNumeric(column, options) is { } n) numeric.Add(n);
            if (column.Kind == ColumnKind.Categorical && FitCategory(column, options, fitted) is { } c) categorical.Add(c);
        }
        return fitted with { Numeric = numeric, Categorical = categorical };
    }

    private static NumericTreatment? FitNumeric(TableColumn column, TreatmentOptions options)
    {
        var sentinels = SentinelsFor(column.Name, options, numbers: true)
            .Select(s => double.Parse(s.Trim(), System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        var rule = options.Outliers.GetValueOrDefault(column.Name) ?? options.Outliers.GetValueOrDefault(TreatmentOptions.AllColumns);
        if (sentinels.Count == 0 && rule is null) return null;
        var treatment = new NumericTreatment { Column = column.Name, Sentinels = sentinels };
        if (rule is null) return treatment;
        var values = column.Numbers!.Where(v => !double.IsNaN(v) && !treatment.IsSentinel(v)).ToArray();
        Array.Sort(values);
        var (low, high) = values.Length == 0 ? ((double?)null, (double?)null) : Bounds(values, rule);
        return treatment with { Outliers = rule.Mode, Rule = rule.Describe(), Low = low, High = high };
    }

    private static (double?, double?) Bounds(double[] sorted, OutlierRule rule)
    {
        if (rule.Percentiles is { } p) return (Quantile(sorted, p.Low / 100), Quantile(sorted, p.High / 100));
        var q1 = Quantile(sorted, 0.25);
        var q3 = Quantile(sorted, 0.75);
        var iqr = q3 - q1;
        return (q1 - rule.IqrFactor * iqr, q3 + rule.IqrFactor * iqr);
    }

    /// <summary>The p-quantile of sorted values with linear interpolation between order statistics (numpy's and pandas' default).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        var h = (sorted.Count - 1) * p;
        var below = (int)Math.Floor(h);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }

    private static CategoryTreatment? FitCategory(TableColumn column, TreatmentOptions options, FittedTreatments fitted)
    {
        var sentinels = SentinelsFor(column.Name, options, numbers: false).Select(fitted.Normalize).Distinct(StringComparer.Ordinal).ToList();
        var merged = new List<string>();
        if (options.Categories is { } c && (c.MinCount > 0 || c.MinShare > 0))
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var raw in column.Strings!)
            {
                if (raw is null) continue;
                var level = fitted.Normalize(raw);
                if (sentinels.Contains(level, StringComparer.Ordinal)) continue;
                counts[level] = counts.GetValueOrDefault(level) + 1;
            }
            var total = counts.Values.Sum();
            merged = counts.Where(kv => kv.Value < c.MinCount || (double)kv.Value / total < c.MinShare)
                .Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        }
        return sentinels.Count == 0 && merged.Count == 0 ? null : new CategoryTreatment { Column = column.Name, Sentinels = sentinels, Merged = merged };
    }

    // A column's own sentinels add to the wildcard ones; under the wildcard, numbers go to numeric columns and other text to categorical ones.
    private static IEnumerable<string> SentinelsFor(string column, TreatmentOptions options, bool numbers)
    {
        var own = options.Sentinels.GetValueOrDefault(column) ?? [];
        var all = (options.Sentinels.GetValueOrDefault(TreatmentOptions.AllColumns) ?? []).Where(s => TreatmentCheck.IsNumber(s) == numbers);
        return own.Concat(all);
    }
}
