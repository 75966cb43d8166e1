using DuckDB.NET.Data;
using MLCycle.Data.Sources;

namespace MLCycle.Data;

/// <summary>
/// A source opened in DuckDB with every column planned: the shared first step of reading and profiling.
/// When materialised, the file is parsed once into a DuckDB temporary table (which DuckDB spills to disk as needed)
/// so that several passes do not parse the text again.
/// </summary>
internal sealed class PreparedSource : IDisposable
{
    private const string TableName = "mlcycle_source";

    private PreparedSource(ITableSource source, DuckDbSession session, string relation, IReadOnlyList<ColumnPlan> columns, long? rows)
    {
        Source = source;
        Session = session;
        Relation = relation;
        Columns = columns;
        Rows = rows;
    }

    public ITableSource Source { get; }
    public DuckDbSession Session { get; }
    /// <summary>What to put after FROM to read the planned columns' inputs.</summary>
    public string Relation { get; }
    public IReadOnlyList<ColumnPlan> Columns { get; }
    /// <summary>The row count when a pass over the data was needed anyway (always when materialised), otherwise null.</summary>
    public long? Rows { get; }

    public static PreparedSource Open(string path, TableReadOptions? options, bool materialise, bool countRows = false)
    {
        options ??= new TableReadOptions();
        var session = DuckDbSession.Open(options.MemoryLimit);
        ITableSource? source = null;
        try
        {
            source = TableSourceResolver.Resolve(path, options, session);
            return Open(source, session, options, materialise, countRows);
        }
        catch (DuckDBException e)
        {
            session.Dispose();
            throw source is null ? new MLCycleException(ErrorKind.BadData, $"Could not read '{path}': {e.Message.Split('\n')[0]}", e) : DuckDbErrorTranslator.Translate(e, source);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Plans a source already resolved in <paramref name="session"/>; the caller keeps ownership of the session's lifetime through the result.</summary>
    internal static PreparedSource OpenResolved(ITableSource source, DuckDbSession session, TableReadOptions options, bool materialise)
    {
        try
        {
            return Open(source, session, options, materialise, countRows: false);
        }
        catch (DuckDBException e)
        {
            throw DuckDbErrorTranslator.Translate(e, source);
        }
    }

    /// <summary>
    /// Plans a table already materialised in <paramref name="session"/> (a snapshot read through a pipe); the result owns
    /// the session. Type inference runs over the table, so the source is not read again.
    /// </summary>
    internal static PreparedSource Materialised(ITableSource source, DuckDbSession session, string table, TableReadOptions options)
    {
        var (columns, rows) = TypeInference.Infer(session, source, table, session.Describe(table), options, needRows: true);
        return new PreparedSource(source, session, table, columns, rows);
    }

    /// <summary>
    /// An in-memory table loaded into a new session as DOUBLE and VARCHAR columns (missing values as NULL), planned with
    /// its own kinds, so SQL checks see the values the table holds.
    /// </summary>
    internal static PreparedSource FromTable(Table table, string name)
    {
        var session = DuckDbSession.Open();
        try
        {
            TableLoader.Load(session, TableName, table);
            var columns = table.Columns.Select(c => new ColumnPlan(c.Info, SqlText.Identifier(c.Name), null, SqlText.Identifier(c.Name))).ToList();
            return new PreparedSource(new LoadedSource(name, TableName), session, TableName, columns, table.RowCount);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The SELECT that yields every planned column in file order; a numeric column may yield NaN, which its readers take as missing.</summary>
    public string SelectSql() => "SELECT " + string.Join(", ", Columns.Select(c => c.Read)) + " FROM " + Relation;

    public void Dispose() => Session.Dispose();

    private static PreparedSource Open(ITableSource source, DuckDbSession session, TableReadOptions options, bool materialise, bool countRows)
    {
        var described = session.Describe(source.Expression(SourceReadHints.None));
        ColumnLimit.Check(source.Path, described.Count, options.MaxColumns);
        CheckOverrides(source, described, options);
        var hints = options.AllText
            ? new SourceReadHints(true, [])
            : new SourceReadHints(false, options.Types.Keys.ToList());
        var expression = source.Expression(hints);
        if (!hints.IsNone) described = session.Describe(expression);

        var relation = expression;
        if (materialise)
        {
            session.Execute($"CREATE TEMP TABLE {TableName} AS SELECT * FROM {expression}");
            relation = TableName;
        }
        var (columns, rows) = TypeInference.Infer(session, source, relation, described, options, needRows: materialise || countRows);
        return new PreparedSource(source, session, relation, columns, rows);
    }

    internal static void CheckOverrides(ITableSource source, IReadOnlyList<(string Name, string Type)> described, TableReadOptions options)
    {
        var names = described.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = options.Types.Keys.Where(k => !names.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new MLCycleException(ErrorKind.BadSpec,
                $"data.types names column{(unknown.Count == 1 ? "" : "s")} {NameRules.ShowList(unknown)} " +
                $"that '{source.Path}' does not have; its columns are {NameRules.ShowList(described.Select(c => c.Name))}.");
    }
}
