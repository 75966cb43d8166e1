using System.Globalization;
using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>
/// The per-row SQL whose group average is the target rate: 1/0 for the positive class against any other value,
/// or the value itself for a numeric target without a positive class; NULL where the target is missing.
/// </summary>
internal static class BiasTargetRate
{
    public static string Sql(DuckDbSession session, string table, string column, ColumnInfo target, string? positiveClass, string path)
    {
        if (positiveClass is null)
        {
            if (TableColumn.StoresNumbers(target.Kind)) return column;
            throw BiasOptionsCheck.Spec(
                $"Target '{target.Name}' in '{path}' holds {target.Kind.ToString().ToLowerInvariant()} values; name the positive class " +
                $"(e.g. {Examples(session, table, column)}) so the target rate per group can be counted.");
        }

        var literal = TableColumn.StoresNumbers(target.Kind) ? NumberLiteral(session, target, positiveClass) : SqlText.Literal(positiveClass);
        using (var reader = session.Query($"SELECT count(*) FROM {table} WHERE {column} = {literal}"))
        {
            reader.Read();
            if (reader.GetInt64(0) == 0)
                throw BiasOptionsCheck.Spec($"Positive class '{positiveClass}' never occurs in target '{target.Name}' of '{path}'; " +
                    $"values found include {Examples(session, table, column)}.");
        }
        return $"(CASE WHEN {column} IS NULL THEN NULL WHEN {column} = {literal} THEN 1.0 ELSE 0.0 END)";
    }

    private static string NumberLiteral(DuckDbSession session, ColumnInfo target, string positiveClass)
    {
        if (target.Kind == ColumnKind.Boolean)
        {
            // DuckDB decided the column is Boolean (e.g. from Yes/No), so DuckDB's own reading of the class name matches it.
            using var reader = session.Query($"SELECT TRY_CAST({SqlText.Literal(positiveClass)} AS BOOLEAN)");
            reader.Read();
            if (!reader.IsDBNull(0)) return reader.GetBoolean(0) ? "1.0" : "0.0";
        }
        if (double.TryParse(positiveClass, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return SqlText.Double(number);
        throw BiasOptionsCheck.Spec($"Positive class '{positiveClass}' is not a value of target '{target.Name}', which holds " +
            $"{target.Kind.ToString().ToLowerInvariant()} values; expected {(target.Kind == ColumnKind.Boolean ? "true or false" : "a number")}.");
    }

    private static string Examples(DuckDbSession session, string table, string column)
    {
        var values = new List<string>();
        using var reader = session.Query(
            $"SELECT CAST({column} AS VARCHAR) AS v, count(*) AS n FROM {table} WHERE {column} IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT 5");
        while (reader.Read()) values.Add($"'{reader.GetString(0)}'");
        return values.Count == 0 ? "no values at all" : string.Join(", ", values);
    }
}
