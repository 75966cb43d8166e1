using MLCycle.Data;
using MLCycle.Profiling;

namespace MLCycle.Validation;

/// <summary>Derives a suite from a dataset that is trusted to be good, so later data can be checked against it.</summary>
public static class SuiteSuggester
{
    /// <summary>Categorical columns with at most this many distinct values get an <c>allowed</c> list.</summary>
    public const int MaxAllowedValues = 20;

    /// <summary>
    /// exists and type for every column; not_null where nothing is missing, else max_missing a little above the observed
    /// share; the observed [min, max] as range for numeric columns; allowed for low-cardinality categorical columns;
    /// unique where every value is distinct; and a row count between half and twice the observed one.
    /// </summary>
    public static async Task<ExpectationSuite> SuggestAsync(string path, TableReadOptions? read = null, CancellationToken ct = default)
    {
        var profile = await new DatasetProfiler().ProfileAsync(path, read, ct).ConfigureAwait(false);
        return Suggest(profile);
    }

    /// <summary>The suite the profile of a trusted dataset suggests.</summary>
    public static ExpectationSuite Suggest(DatasetProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        // Above this size distinct counts are approximate, and an approximate count must not claim uniqueness or a full value list.
        var exact = profile.Rows <= DatasetProfiler.ExactRowLimit;
        return new ExpectationSuite
        {
            RowCount = new RowCountExpectation(profile.Rows / 2, profile.Rows * 2),
            Columns = profile.Columns.Select(c => Column(c, profile.Rows, exact)).ToList(),
        };
    }

    /// <summary>The suite as YAML that <see cref="ExpectationSuiteLoader"/> reads back to an equal suite.</summary>
    public static string ToYaml(ExpectationSuite suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        return SuiteYamlWriter.Write(suite);
    }

    private static ColumnExpectations Column(ColumnProfile c, long rows, bool exact)
    {
        var missingShare = rows == 0 ? 0 : (double)c.Missing / rows;
        var listsAll = c.TopValues.Count == c.Distinct && c.TopValues.Sum(v => v.Count) == c.Count;
        return new ColumnExpectations
        {
            Name = c.Name,
            Exists = true,
            Type = c.Kind,
            NotNull = c.Missing == 0 ? true : null,
            MaxMissing = c.Missing == 0 ? null : Headroom(missingShare),
            Range = c.Kind == ColumnKind.Numeric && c.Numeric is { } n ? new ValueRange(n.Min, n.Max) : null,
            Allowed = c.Kind == ColumnKind.Categorical && exact && c.Distinct is > 0 and <= MaxAllowedValues && listsAll
                ? c.TopValues.Select(v => v.Value).OrderBy(v => v, StringComparer.Ordinal).ToList()
                : null,
            Unique = exact && c.Count > 1 && c.Distinct == c.Count ? true : null,
        };
    }

    /// <summary>The observed share plus a tenth of it and one point, rounded up to three decimals, at most 1.</summary>
    private static double Headroom(double share) => Math.Min(1, Math.Ceiling((share * 1.1 + 0.01) * 1000) / 1000);
}
