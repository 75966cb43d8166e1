using System.Text;
using MLCycle.Data.Sources;

namespace MLCycle.Data;

/// <summary>
/// Reads several sources into one table through one DuckDB session: stacked (union, columns matched by name) or
/// joined on a key column. Types are made consistent (mixed numbers widen to DOUBLE, anything mixed with text becomes
/// text) and every coercion is reported, never made silently.
/// </summary>
public sealed class SourceCombiner
{
    private const string Combined = "mlcycle_combined";

    // DuckDB.NET has no truly asynchronous reads (its async calls complete on the calling thread), so the combining
    // is offloaded to the thread pool: the caller's thread (a server request, the CLI's progress display) stays free.

    /// <summary>The rows of every source, in source order; a column missing from a source is missing in its rows.</summary>
    public Task<CombinedTable> UnionAsync(IReadOnlyList<SourceSpec> sources, TableReadOptions? options = null, CancellationToken ct = default)
    {
        Check(sources, 2);
        return Task.Run(() => Combine(sources, "union of ", options?.MemoryLimit, ct, (session, parts, coercions) => UnionSql(session, parts, coercions), ReadTable(options, ct)), ct);
    }

    /// <summary>
    /// Writes the union (as <see cref="UnionAsync"/> makes it) to a Parquet file instead of memory, so every later step
    /// reads it as a file; a single source is copied as it is. Returns the coercions.
    /// </summary>
    public Task<IReadOnlyList<SourceCoercion>> UnionToParquetAsync(IReadOnlyList<SourceSpec> sources, string parquetPath, CancellationToken ct = default)
    {
        Check(sources, 1);
        ArgumentException.ThrowIfNullOrEmpty(parquetPath);
        return Task.Run(() => Combine(sources, "union of ", null, ct, (session, parts, coercions) => UnionSql(session, parts, coercions), WriteParquet(parquetPath)), ct);
    }

    /// <summary>Writes the join (as <see cref="JoinAsync"/> makes it) to a Parquet file instead of memory. Returns the coercions.</summary>
    public Task<IReadOnlyList<SourceCoercion>> JoinToParquetAsync(IReadOnlyList<SourceSpec> sources, string key, string parquetPath, CancellationToken ct = default)
    {
        Check(sources, 2);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(parquetPath);
        return Task.Run(() => Combine(sources, "join on '" + key + "' of ", null, ct, (session, parts, coercions) => SourceJoin.Sql(session, parts, key, coercions), WriteParquet(parquetPath)), ct);
    }

    /// <summary>
    /// Every row of the first source, with the columns of the others matched on <paramref name="key"/> (a left join, so
    /// no row of the first source is lost). A later source must not repeat a key; a clashing column name gets a suffix.
    /// </summary>
    public Task<CombinedTable> JoinAsync(IReadOnlyList<SourceSpec> sources, string key, TableReadOptions? options = null, CancellationToken ct = default)
    {
        Check(sources, 2);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Task.Run(() => Combine(sources, "join on '" + key + "' of ", options?.MemoryLimit, ct, (session, parts, coercions) => SourceJoin.Sql(session, parts, key, coercions), ReadTable(options, ct)), ct);
    }

    private static void Check(IReadOnlyList<SourceSpec> sources, int minimum)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count < minimum)
            throw new MLCycleException(ErrorKind.BadSpec, $"Combining sources needs at least {(minimum == 1 ? "one" : "two")}, but {sources.Count} {(sources.Count == 1 ? "was" : "were")} given.");
    }

    /// <summary>Reads the combined rows into a table, typed like any file.</summary>
    private static Func<DuckDbSession, LoadedSource, List<SourceCoercion>, CombinedTable> ReadTable(TableReadOptions? options, CancellationToken ct) =>
        (session, source, coercions) =>
        {
            using var prepared = PreparedSource.OpenResolved(source, session, options ?? new TableReadOptions(), materialise: false);
            using var reader = prepared.Session.Query(prepared.SelectSql(), streaming: true);
            return new CombinedTable(TableReader.ReadRows(reader, prepared.Columns, 1024, int.MaxValue, ct), coercions);
        };

    // Parquet keeps the harmonised column types and the row order, so reading the file back gives the same table.
    private static Func<DuckDbSession, LoadedSource, List<SourceCoercion>, IReadOnlyList<SourceCoercion>> WriteParquet(string path) =>
        (session, source, coercions) =>
        {
            try
            {
                session.Execute($"COPY {Combined} TO {SqlText.Literal(path)} (FORMAT PARQUET)");
            }
            catch (DuckDB.NET.Data.DuckDBException e)
            {
                throw DuckDbErrorTranslator.Translate(e, source);
            }
            return coercions;
        };

    private static T Combine<T>(IReadOnlyList<SourceSpec> sources, string label, string? memoryLimit, CancellationToken ct,
        Func<DuckDbSession, IReadOnlyList<CombinedPart>, List<SourceCoercion>, string> select,
        Func<DuckDbSession, LoadedSource, List<SourceCoercion>, T> finish)
    {
        var session = DuckDbSession.Open(memoryLimit);
        try
        {
            var parts = new List<CombinedPart>();
            foreach (var spec in sources)
            {
                ct.ThrowIfCancellationRequested();
                parts.Add(CombinedPart.Load(spec, session, ct));
            }
            var coercions = new List<SourceCoercion>();
            var display = label + string.Join(", ", sources.Select(s => SourceAddress.Display(s.Path)));
            var source = new LoadedSource(display, Combined);
            try
            {
                session.Execute($"CREATE TABLE {Combined} AS {select(session, parts, coercions)}");
            }
            catch (DuckDB.NET.Data.DuckDBException e)
            {
                throw DuckDbErrorTranslator.Translate(e, source);
            }
            return finish(session, source, coercions);
        }
        finally
        {
            session.Dispose();
        }
    }

    private static string UnionSql(DuckDbSession session, IReadOnlyList<CombinedPart> parts, List<SourceCoercion> coercions)
    {
        var names = parts.SelectMany(p => p.Columns.Select(c => c.Name)).Distinct(StringComparer.Ordinal).ToList();
        var targets = names.ToDictionary(n => n, n => CombinedPart.CommonType(parts.Select(p => p.TypeOf(n)).OfType<string>().ToList()), StringComparer.Ordinal);
        // A column that ends up text keeps each file's own spelling, not the text of the type its sniffer guessed.
        var guessed = parts.Select(p => p.WithTextColumns(names.Where(n => IsText(targets[n]) && p.TypeOf(n) is { } t && !IsText(t)).ToList(), session)).ToList();
        var reported = parts.ToDictionary(p => p.Table, p => p, StringComparer.Ordinal);
        parts = guessed;
        var sql = new StringBuilder();
        foreach (var part in parts)
        {
            if (sql.Length > 0) sql.Append(" UNION ALL ");
            var columns = names.Select(name =>
            {
                var q = SqlText.Identifier(name);
                var target = targets[name];
                switch (part.TypeOf(name))
                {
                    case null:
                        coercions.Add(new SourceCoercion(name, part.Path, "absent", target, "not in this source: its rows have missing values"));
                        return $"CAST(NULL AS {target}) AS {q}";
                    case var type when string.Equals(type, target, StringComparison.OrdinalIgnoreCase):
                        if (reported[part.Table].TypeOf(name) is { } guess && !string.Equals(guess, type, StringComparison.OrdinalIgnoreCase))
                            coercions.Add(new SourceCoercion(name, part.Path, guess, target, "read as the text in the file: " + CombinedPart.Because(parts, name, part)));
                        return q;
                    case var type:
                        coercions.Add(new SourceCoercion(name, part.Path, type, target, CombinedPart.Because(parts, name, part)));
                        return $"CAST({q} AS {target}) AS {q}";
                }
            });
            sql.Append("SELECT ").AppendJoin(", ", columns).Append(" FROM ").Append(SqlText.Identifier(part.Table));
        }
        return sql.ToString();
    }

    private static bool IsText(string duckType) => string.Equals(duckType, "VARCHAR", StringComparison.OrdinalIgnoreCase);
}
