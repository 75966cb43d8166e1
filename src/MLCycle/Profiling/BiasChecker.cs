using MLCycle.Data;
using MLCycle.Data.Snapshots;

namespace MLCycle.Profiling;

/// <summary>
/// Checks a data file for bias over sensitive columns inside DuckDB: group sizes and target rates per column and per
/// intersection of all of them, and gaps to expected population shares; rows are never materialised in .NET.
/// </summary>
public sealed class BiasChecker
{
    private const string Table = "mlcycle_bias";

    /// <summary>Groups, population gaps and findings for the sensitive columns named in <paramref name="options"/>.</summary>
    public Task<BiasReport> CheckAsync(string path, BiasOptions options, TableReadOptions? read = null, CancellationToken ct = default) =>
        Task.Run(() =>
        {
            // CPU-bound work over DuckDB, which has no asynchronous reads: on the thread pool, never on the caller's thread.
            ct.ThrowIfCancellationRequested();
            BiasOptionsCheck.CheckShape(options);
            using var prepared = PreparedSource.Open(path, read, materialise: true);
            var infos = prepared.Columns.Select(c => c.Info).ToList();
            BiasOptionsCheck.CheckColumns(options, infos, path);
            try
            {
                return Check(prepared, path, options, ct);
            }
            catch (DuckDB.NET.Data.DuckDBException e)
            {
                throw DuckDbErrorTranslator.Translate(e, prepared.Source);
            }
        }, ct);

    /// <summary>
    /// The same check on a run's snapshot, already read and typed: its table is handed to DuckDB from memory, so the
    /// source is not read again (docs/adr/0011).
    /// </summary>
    public Task<BiasReport> CheckAsync(DataSnapshot snapshot, BiasOptions options, CancellationToken ct = default) =>
        Task.Run(() =>
        {
            // CPU-bound work over DuckDB, which has no asynchronous reads: on the thread pool, never on the caller's thread.
            ArgumentNullException.ThrowIfNull(snapshot);
            ct.ThrowIfCancellationRequested();
            BiasOptionsCheck.CheckShape(options);
            BiasOptionsCheck.CheckColumns(options, snapshot.Schema, snapshot.Name);
            using var prepared = PreparedSource.FromTable(snapshot.Table, snapshot.Name);
            try
            {
                return Check(prepared, snapshot.Name, options, ct);
            }
            catch (DuckDB.NET.Data.DuckDBException e)
            {
                throw DuckDbErrorTranslator.Translate(e, prepared.Source);
            }
        }, ct);

    private static BiasReport Check(PreparedSource prepared, string path, BiasOptions options, CancellationToken ct)
    {
        var session = prepared.Session;
        var plans = prepared.Columns.ToDictionary(c => c.Info.Name, StringComparer.Ordinal);
        var select = options.Sensitive.Select((name, i) => $"{plans[name].Expression} AS {BiasGroupQuery.Alias(i)}").ToList();
        if (options.Target is { } target) select.Add($"{plans[target].Expression} AS t");
        select.Add(Sum(prepared.Columns.Select(IsMissing).ToList()) + " AS m");
        // Only the columns the check needs are kept, converted once; the parsed file is dropped to free its space.
        session.Execute($"CREATE TEMP TABLE {Table} AS SELECT {string.Join(", ", select)} FROM {prepared.Relation}; DROP TABLE {prepared.Relation}");
        ct.ThrowIfCancellationRequested();

        var columns = options.Sensitive.Select((name, i) =>
        {
            var kind = plans[name].Info.Kind;
            var edges = options.BandEdges?.GetValueOrDefault(name)
                ?? (BiasOptionsCheck.BandsNumbers(kind)
                    ? BiasBands.Quantile(session, Table, BiasGroupQuery.Alias(i), options.Bands, options.MaxUnbandedValues)
                    : null);
            return new BiasColumn(name, kind, edges);
        }).ToList();
        var targetSql = options.Target is { } t2
            ? BiasTargetRate.Sql(session, Table, "t", plans[t2].Info, options.PositiveClass, path)
            : null;

        var rows = prepared.Rows!.Value;
        var query = new BiasGroupQuery(session, Table, columns, targetSql, rows, prepared.Columns.Count, options.UnderRepresentedShare);
        var groups = new List<BiasGroupShare>();
        for (var i = 0; i < columns.Count; i++, ct.ThrowIfCancellationRequested()) groups.AddRange(query.Groups([i]));
        if (columns.Count > 1) groups.AddRange(query.Groups(Enumerable.Range(0, columns.Count).ToList()));

        var gaps = options.Sensitive
            .Where(name => options.ExpectedShares?.ContainsKey(name) == true)
            .Select(name => BiasGapTest.Compare(name, options.ExpectedShares![name], groups.Where(g => g.Column == name).ToList()))
            .ToList();
        var findings = BiasFindings.Write(columns, groups, gaps, options);
        return new BiasReport
        {
            Rows = rows,
            Columns = columns,
            Groups = groups,
            Gaps = gaps,
            Findings = findings.SelectMany(f => f.Sentences).ToList(),
            FindingsByColumn = findings.ToDictionary(f => f.Column, f => f.Sentences, StringComparer.Ordinal),
        };
    }

    // 1 where the value is missing. A NaN counts as missing without the NaN-to-NULL CASE of ColumnPlan.Expression, and
    // each column's value appears once (isnan of NULL is NULL): DuckDB's optimiser compares a SELECT's expressions
    // pairwise looking for common ones, which made planning this sum over 2,000 columns cost seconds.
    private static string IsMissing(ColumnPlan c) => c.Info.Kind == ColumnKind.Numeric
        ? $"CAST(coalesce(isnan({c.Read}), true) AS INTEGER)"
        : $"CAST(({c.Expression}) IS NULL AS INTEGER)";

    // a + b + c ... is a left-deep tree as deep as the terms are many, and DuckDB refuses expressions deeper than 1,000:
    // a file of 2,000 columns failed. Terms are summed in parenthesised groups of 100, the groups again, and so on.
    private static string Sum(IReadOnlyList<string> terms) => terms.Count <= 100
        ? string.Join(" + ", terms)
        : Sum(terms.Chunk(100).Select(group => $"({string.Join(" + ", group)})").ToList());
}
