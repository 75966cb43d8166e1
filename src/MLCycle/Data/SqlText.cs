namespace MLCycle.Data;

/// <summary>Quotes names and strings for DuckDB SQL, so column names with spaces or quotes and any path are safe.</summary>
internal static class SqlText
{
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A DOUBLE literal that round-trips exactly, whatever the magnitude.</summary>
    public static string Double(double value) =>
        "CAST('" + value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "' AS DOUBLE)";
}
