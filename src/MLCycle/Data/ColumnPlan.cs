namespace MLCycle.Data;

/// <summary>
/// How one column is selected: <see cref="Expression"/> yields DOUBLE when the kind stores numbers, VARCHAR otherwise;
/// <see cref="Invalid"/>, when set, is true for a present value the conversion could not read.
/// </summary>
/// <param name="Read">
/// The same value for readers that take a NaN as missing themselves (<see cref="PreparedSource.SelectSql"/>): without the
/// NaN-to-NULL CASE of <see cref="Expression"/>, which DuckDB's optimiser compares pairwise across a wide SELECT
/// (2 s of planning per query at 2,000 columns).
/// </param>
internal sealed record ColumnPlan(ColumnInfo Info, string Expression, string? Invalid, string Read)
{
    public bool ReadsNumbers => TableColumn.StoresNumbers(Info.Kind);

    /// <summary>The plan for a column of the given DuckDB type read as the given kind.</summary>
    public static ColumnPlan For(string name, string sourceType, ColumnKind kind)
    {
        var q = SqlText.Identifier(name);
        var type = DuckTypes.Classify(sourceType);
        var (raw, tried) = kind switch
        {
            ColumnKind.Categorical or ColumnKind.Text => (type == DuckTypeClass.Text ? q : $"CAST({q} AS VARCHAR)", false),
            ColumnKind.Numeric => type switch
            {
                DuckTypeClass.Number or DuckTypeClass.Boolean => ($"CAST({q} AS DOUBLE)", false),
                DuckTypeClass.DateTime => ($"CAST(epoch({q}) AS DOUBLE)", false),
                _ => ($"TRY_CAST({q} AS DOUBLE)", true),
            },
            ColumnKind.Boolean => type == DuckTypeClass.Boolean
                ? ($"CAST({q} AS DOUBLE)", false)
                : ($"CAST(TRY_CAST({q} AS BOOLEAN) AS DOUBLE)", true),
            ColumnKind.DateTime => type switch
            {
                DuckTypeClass.DateTime => ($"CAST(epoch({q}) AS DOUBLE)", false),
                DuckTypeClass.Number => ($"CAST({q} AS DOUBLE)", false),
                _ => ($"CAST(epoch(TRY_CAST({q} AS TIMESTAMP)) AS DOUBLE)", true),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        // NaN means missing in a TableColumn, so DuckDB must count it as missing too.
        var expression = kind == ColumnKind.Numeric ? $"NULLIF({raw}, CAST('NaN' AS DOUBLE))" : raw;
        var invalid = tried ? $"({q} IS NOT NULL AND {raw} IS NULL)" : null;
        return new ColumnPlan(new ColumnInfo(name, kind, sourceType), expression, invalid, raw);
    }
}
