namespace MLCycle.Data.Sources;

/// <summary>The SQL that reads a database source: the user's query, or every row of the named table.</summary>
internal static class DatabaseQuery
{
    public static string For(string path, TableReadOptions options, Func<string, string> quoteTable)
    {
        var hasTable = !string.IsNullOrWhiteSpace(options.Table);
        var hasQuery = !string.IsNullOrWhiteSpace(options.Query);
        if (hasTable == hasQuery)
            throw new MLCycleException(ErrorKind.BadSpec, hasTable
                ? $"'{path}' is given both a table ('{options.Table}') and a query: give one of them."
                : $"'{path}' is a database: say what to read with a table name (table) or a SQL query (query).");
        return hasQuery ? options.Query! : "SELECT * FROM " + quoteTable(options.Table!);
    }
}
