namespace MLCycle.Data;

/// <summary>Sorts DuckDB type names (as DESCRIBE reports them) into <see cref="DuckTypeClass"/> families and default kinds.</summary>
internal static class DuckTypes
{
    private static readonly HashSet<string> Numbers = new(StringComparer.OrdinalIgnoreCase)
    {
        "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
        "UHUGEINT", "FLOAT", "REAL", "DOUBLE",
    };

    public static DuckTypeClass Classify(string type)
    {
        var t = type.Trim().ToUpperInvariant();
        if (Numbers.Contains(t) || t.StartsWith("DECIMAL", StringComparison.Ordinal)) return DuckTypeClass.Number;
        if (t == "BOOLEAN") return DuckTypeClass.Boolean;
        if (t == "DATE" || t.StartsWith("TIMESTAMP", StringComparison.Ordinal)) return DuckTypeClass.DateTime;
        if (t == "VARCHAR") return DuckTypeClass.Text;
        return DuckTypeClass.Other;
    }

    /// <summary>The kind a column of this type gets before any text statistics are looked at.</summary>
    public static ColumnKind DefaultKind(string type) => Classify(type) switch
    {
        DuckTypeClass.Number => ColumnKind.Numeric,
        DuckTypeClass.Boolean => ColumnKind.Boolean,
        DuckTypeClass.DateTime => ColumnKind.DateTime,
        _ => ColumnKind.Categorical,
    };
}
