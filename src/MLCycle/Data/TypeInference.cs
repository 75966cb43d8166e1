using System.Globalization;
using System.Text;
using MLCycle.Data.Sources;

namespace MLCycle.Data;

/// <summary>
/// Decides each column's kind from DuckDB's types plus one aggregate pass over the text columns, applies the user's
/// overrides, and checks that overridden columns convert. A VARCHAR column is Text (free text) rather than Categorical
/// when its values average more than <see cref="TextMinAverageLength"/> characters, at least half contain a space,
/// and at least half are distinct; otherwise it is Categorical.
/// </summary>
internal static class TypeInference
{
    public const int TextMinAverageLength = 30;
    public const double TextMinSpacedShare = 0.5;
    public const double TextMinDistinctShare = 0.5;

    /// <summary>A sniffed VARCHAR column whose present values parse as numbers at least this often is a typo, not a category.</summary>
    public const double MostlyNumericShare = 0.9;

    /// <summary>
    /// The plans and the row count; when nothing needs statistics and <paramref name="needRows"/> is false the pass
    /// over the data is skipped and the row count is null (an all-numeric CSV is then parsed once, not twice).
    /// </summary>
    public static (IReadOnlyList<ColumnPlan> Columns, long? Rows) Infer(
        DuckDbSession session, ITableSource source, string relation,
        IReadOnlyList<(string Name, string Type)> described, TableReadOptions options, bool needRows)
    {
        var plans = described.Select(c => ColumnPlan.For(c.Name, c.Type, KindBeforeStatistics(c, options))).ToList();
        var candidates = options.AllText ? [] : Enumerable.Range(0, plans.Count)
            .Where(i => !options.Types.ContainsKey(plans[i].Info.Name) && DuckTypes.Classify(plans[i].Info.SourceType) == DuckTypeClass.Text)
            .ToList();

        var sql = new StringBuilder("SELECT count(*)");
        foreach (var i in candidates)
        {
            var q = SqlText.Identifier(plans[i].Info.Name);
            sql.Append($", count({q}), count(TRY_CAST({q} AS DOUBLE)), coalesce(avg(length({q})), 0)")
               .Append($", coalesce(count_if(contains({q}, ' ')), 0)::BIGINT, approx_count_distinct({q})");
        }
        var checkedPlans = plans.Where(p => p.Invalid is not null).ToList();
        if (!needRows && candidates.Count == 0 && checkedPlans.Count == 0) return (plans, null);
        foreach (var p in checkedPlans) sql.Append($", coalesce(count_if({p.Invalid}), 0)::BIGINT");
        sql.Append(" FROM ").Append(relation);

        using var reader = session.Query(sql.ToString());
        reader.Read();
        var rows = reader.GetInt64(0);
        if (rows == 0) throw new MLCycleException(ErrorKind.BadData, $"'{source.Path}' has a header but no rows: expected at least one data row.");

        var ordinal = 1;
        foreach (var i in candidates)
        {
            var stats = new TextStats(reader.GetInt64(ordinal), reader.GetInt64(ordinal + 1), reader.GetDouble(ordinal + 2),
                reader.GetInt64(ordinal + 3), reader.GetInt64(ordinal + 4));
            ordinal += 5;
            var name = plans[i].Info.Name;
            if (source.SniffsTypes && stats.LooksMostlyNumeric) throw MostlyNumeric(session, source, relation, name, stats);
            if (stats.LooksLikeFreeText) plans[i] = ColumnPlan.For(name, plans[i].Info.SourceType, ColumnKind.Text);
        }
        foreach (var p in checkedPlans)
            if (reader.GetInt64(ordinal++) > 0) throw Unconvertible(session, source, relation, p);
        return (plans, rows);
    }

    private static ColumnKind KindBeforeStatistics((string Name, string Type) column, TableReadOptions options)
    {
        if (options.AllText) return ColumnKind.Categorical;
        return options.Types.TryGetValue(column.Name, out var kind) ? kind : DuckTypes.DefaultKind(column.Type);
    }

    private static MLCycleException MostlyNumeric(DuckDbSession session, ITableSource source, string relation, string column, TextStats stats)
    {
        var q = SqlText.Identifier(column);
        var bad = BadValueLocator.FindFirst(session, relation, column, $"({q} IS NOT NULL AND TRY_CAST({q} AS DOUBLE) IS NULL)");
        var where = bad is { } b ? $"data row {b.Row} holds '{b.Value}'" : "some rows hold text";
        var others = stats.Present - stats.Numeric;
        return new MLCycleException(ErrorKind.BadData,
            $"'{source.Path}' column '{column}' holds numbers, but {where}, which is not a number " +
            $"({others.ToString(CultureInfo.InvariantCulture)} of {stats.Present.ToString(CultureInfo.InvariantCulture)} values are not numbers). " +
            $"Fix the value (leave the field empty for a missing value), or declare the column's type in the spec under data.types " +
            $"(e.g. {column}: categorical).");
    }

    private static MLCycleException Unconvertible(DuckDbSession session, ITableSource source, string relation, ColumnPlan plan)
    {
        var info = plan.Info;
        var bad = BadValueLocator.FindFirst(session, relation, info.Name, plan.Invalid!);
        var where = bad is { } b ? $"data row {b.Row} holds '{b.Value}'" : "a value";
        var expected = info.Kind switch
        {
            ColumnKind.Boolean => "true or false",
            ColumnKind.DateTime => "a date or date-time",
            _ => "a number",
        };
        return new MLCycleException(ErrorKind.BadData,
            $"'{source.Path}' column '{info.Name}' is declared {info.Kind.ToString().ToLowerInvariant()} in data.types, but {where}, " +
            $"which is not {expected}. Fix the value or change the column's declared type.");
    }

    private sealed record TextStats(long Present, long Numeric, double AverageLength, long WithSpace, long Distinct)
    {
        public bool LooksMostlyNumeric => Present > 0 && Numeric < Present && Numeric >= MostlyNumericShare * Present;

        public bool LooksLikeFreeText => Present > 0 && AverageLength > TextMinAverageLength
            && WithSpace >= TextMinSpacedShare * Present && Distinct >= TextMinDistinctShare * Present;
    }
}
