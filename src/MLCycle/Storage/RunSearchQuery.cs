using System.Data.Common;
using System.Text;
using Dapper;
using MLCycle.Tracking;
using MLCycle.Tracking.Search;

namespace MLCycle.Storage;

/// <summary>Turns a parsed filter and order into SQL. Keys and values are always parameters; the only text taken from a
/// filter is an attribute's column, chosen from a fixed list, so nothing a caller writes is ever pasted into SQL.</summary>
internal static class RunSearchQuery
{
    // The characters of a param or tag value that migration 10's index holds.
    private const int IndexedPrefix = 200;

    /// <summary>Whether <paramref name="order"/> is served in two parts: first the runs with a value for its first field (a metric,
    /// param or tag), read in the order of that field's (key, value) index so the database stops after a page instead of sorting
    /// every match; then the runs without one (or with NaN), which sort last. One query with a LEFT JOIN and NULLS LAST cannot be
    /// read from the index that way.</summary>
    public static bool IsSplit(IReadOnlyList<RunOrder> order) => order.Count > 0 && TableOf(order[0].Field.Entity) is not null;

    /// <summary>The page of runs after <paramref name="after"/> (from the top when null); for a split order (<see cref="IsSplit"/>),
    /// the page of its first part, which the caller skips when <paramref name="after"/> is already past it.</summary>
    public static (string Sql, DynamicParameters Parameters) Build(
        ISqlDialect dialect, RunSearch search, RunFilter filter, IReadOnlyList<RunOrder> order, long snapshot, SearchPageToken? after, int take)
    {
        var parts = Compose(dialect, search, filter, order, snapshot, after, firstKey: 0, take);
        if (parts.SortTable is null)
        {
            return ($"""
                SELECT {RunQueries.RunColumns}{parts.SortColumns}
                FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id{parts.Joins}
                WHERE {parts.Conditions}
                ORDER BY {string.Join(", ", parts.OrderBy)}
                LIMIT @Take
                """, parts.Parameters);
        }
        return ($"""
            SELECT {RunQueries.RunColumns}{parts.SortColumns}
            FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id
            JOIN {parts.SortTable} o0 ON o0.run_id = r.run_id AND o0.key = @ok0{parts.Joins}
            WHERE o0.value IS NOT NULL AND {parts.Conditions}
            ORDER BY {string.Join(", ", parts.OrderBy)}
            LIMIT @Take
            """, parts.Parameters);
    }

    /// <summary>The second part of a split order: the runs the filter matches without a value (or with NaN) for the first sort
    /// field, in the rest of the order, after <paramref name="after"/> when that run is in this part too.</summary>
    public static (string Sql, DynamicParameters Parameters) BuildWithoutSortValue(
        ISqlDialect dialect, RunSearch search, RunFilter filter, IReadOnlyList<RunOrder> order, long snapshot, SearchPageToken? after, int take)
    {
        var parts = Compose(dialect, search, filter, order, snapshot, after, firstKey: 1, take);
        return ($"""
            SELECT {RunQueries.RunColumns}{parts.SortColumns}
            FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id{parts.Joins}
            WHERE NOT EXISTS (SELECT 1 FROM {parts.SortTable} s WHERE s.run_id = r.run_id AND s.key = @ok0 AND s.value IS NOT NULL) AND {parts.Conditions}
            ORDER BY {string.Join(", ", parts.OrderBy.Skip(1))}
            LIMIT @Take
            """, parts.Parameters);
    }

    /// <summary>Runs the SQL of <see cref="Build"/> or <see cref="BuildWithoutSortValue"/>: each run with its value of every sort field
    /// (the last columns), which the next page's token keeps.</summary>
    public static async Task<List<SearchRow>> ReadAsync(
        DbConnection connection, (string Sql, DynamicParameters Parameters) query, IReadOnlyList<RunOrder> order, CancellationToken ct)
    {
        var rows = new List<SearchRow>();
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(query.Sql, query.Parameters, cancellationToken: ct)).ConfigureAwait(false);
        var parse = reader.GetRowParser<RunQueries.RunRow>();
        var first = reader.FieldCount - order.Count;
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var values = new object?[order.Count];
            for (var i = 0; i < values.Length; i++) values[i] = SearchPageToken.Normalize(reader.GetValue(first + i), order[i].Field);
            rows.Add(new SearchRow(parse(reader), values));
        }
        return rows;
    }

    /// <summary>A run a search found and its value of each sort field (null where it has none).</summary>
    internal sealed record SearchRow(RunQueries.RunRow Run, IReadOnlyList<object?> SortValues);

    // firstKey 1 composes the second part of a split order, whose runs have no value for the first field.
    private static Parts Compose(
        ISqlDialect dialect, RunSearch search, RunFilter filter, IReadOnlyList<RunOrder> order, long snapshot, SearchPageToken? after, int firstKey, int take)
    {
        var parameters = new DynamicParameters(new { Snapshot = snapshot, Take = take });
        // Children (tuning trials) are listed under their parent, not among the runs.
        var where = new List<string>
        {
            "r.run_seq <= @Snapshot",
            $"NOT EXISTS (SELECT 1 FROM tags pt WHERE pt.run_id = r.run_id AND pt.key = '{TrackingTags.ParentRunId}')",
        };
        if (search.Experiment is not null)
        {
            where.Add("e.name = @Experiment");
            parameters.Add("Experiment", search.Experiment);
        }
        if (search.VisibleExperiments is { } visible)
        {
            where.Add(dialect.InList("e.name", "@Visible"));
            parameters.Add("Visible", visible.ToArray());
        }
        for (var i = 0; i < filter.Conditions.Count; i++)
        {
            var condition = filter.Conditions[i];
            var value = $"@v{i}";
            parameters.Add($"v{i}", condition.Number is { } number ? number : condition.Text);
            if (TableOf(condition.Field.Entity) is { } table)
            {
                var comparison = Compare(dialect, $"c{i}.value", condition, value, parameters);
                // The same expression as the index of migration 10, so an equality on a param or tag is an index lookup. A value
                // shorter than the indexed prefix needs nothing more (its prefix is the whole value), and a second condition on the
                // same value makes PostgreSQL misjudge how many rows match (it multiplies the two as if independent).
                if (condition is { Operator: SearchOperator.Equal, Text: { } text })
                {
                    var prefix = $"substr(c{i}.value, 1, {IndexedPrefix}) = substr({value}, 1, {IndexedPrefix})";
                    comparison = text.Length < IndexedPrefix ? prefix : $"{prefix} AND {comparison}";
                }
                where.Add($"EXISTS (SELECT 1 FROM {table} c{i} WHERE c{i}.run_id = r.run_id AND c{i}.key = @k{i} AND {comparison})");
                parameters.Add($"k{i}", condition.Field.Key);
            }
            else
            {
                where.Add(Compare(dialect, ColumnOf(condition.Field.Key), condition, value, parameters));
            }
        }

        var joins = new StringBuilder();
        var orderBy = new List<string>();
        var expressions = new List<string>();
        var sortTable = IsSplit(order) ? TableOf(order[0].Field.Entity) : null;
        for (var i = 0; i < order.Count; i++)
        {
            var field = order[i].Field;
            string expression;
            if (TableOf(field.Entity) is { } table)
            {
                // The first field of a split order is joined (or excluded) by each part itself.
                if (i > 0) joins.Append($" LEFT JOIN {table} o{i} ON o{i}.run_id = r.run_id AND o{i}.key = @ok{i}");
                parameters.Add($"ok{i}", field.Key);
                expression = $"o{i}.value";
            }
            else
            {
                expression = ColumnOf(field.Key);
            }
            // Runs without the field come last whichever the direction, as MLflow sorts them. The first part of a split order holds
            // no NULLs, and leaving out NULLS LAST there keeps the index's own order (ASC, or DESC read backwards).
            orderBy.Add($"{expression} {(order[i].Descending ? "DESC" : "ASC")}{(i == 0 && sortTable is not null ? "" : " NULLS LAST")}");
            expressions.Add(i < firstKey ? "NULL" : expression);
        }
        orderBy.Add("r.run_seq DESC");
        if (after is not null)
        {
            where.Add(After(expressions, order, after, firstKey, sortTable is not null, parameters));
        }
        var sortColumns = string.Concat(expressions.Select((e, i) => $", {e} AS s{i}"));
        return new Parts(joins.ToString(), string.Join(" AND ", where), orderBy, sortColumns, parameters, sortTable);
    }

    private sealed record Parts(
        string Joins, string Conditions, IReadOnlyList<string> OrderBy, string SortColumns, DynamicParameters Parameters, string? SortTable);

    /// <summary>The keyset condition: the runs that come after <paramref name="after"/> in the order, which sorts by each field
    /// (runs without a value last, whichever the direction) and then newest first. Built from the last field outwards:
    /// a run comes after when its value of field i does, or when it is equal there and comes after in the rest.</summary>
    private static string After(
        IReadOnlyList<string> expressions, IReadOnlyList<RunOrder> order, SearchPageToken after, int firstKey, bool split, DynamicParameters parameters)
    {
        parameters.Add("AfterSeq", after.RunSeq);
        var condition = "r.run_seq < @AfterSeq";
        for (var i = order.Count - 1; i >= firstKey; i--)
        {
            var e = expressions[i];
            if (after.SortValues[i] is not { } value)
            {
                // Nothing sorts after a missing value but other runs missing it.
                condition = $"({e} IS NULL AND {condition})";
                continue;
            }
            parameters.Add($"a{i}", value);
            var beyond = order[i].Descending ? "<" : ">";
            // The first part of a split order has no NULLs, and a bare range on the first field lets the database start its index
            // scan at the last page's value instead of at the top.
            condition = i == 0 && split
                ? $"{e} {beyond}= @a{i} AND ({e} {beyond} @a{i} OR {condition})"
                : $"({e} {beyond} @a{i} OR {e} IS NULL OR ({e} = @a{i} AND {condition}))";
        }
        return condition;
    }

    // Metrics are compared by their latest value, kept one row per run and key (NULL for NaN, so NaN matches no comparison).
    private static string? TableOf(SearchEntity entity) => entity switch
    {
        SearchEntity.Metric => "latest_metrics",
        SearchEntity.Param => "params",
        SearchEntity.Tag => "tags",
        _ => null,
    };

    private static string ColumnOf(string attribute) => attribute switch
    {
        "status" => "r.status",
        "name" => "r.name",
        "start_time" => "r.start_time",
        "end_time" => "r.end_time",
        "run_id" => "r.run_id",
        _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "Not a run attribute."),
    };

    private static string Compare(ISqlDialect dialect, string column, RunCondition condition, string value, DynamicParameters parameters)
    {
        switch (condition.Operator)
        {
            case SearchOperator.Like:
                var (like, pattern) = dialect.Like(column, value, condition.Text ?? "");
                parameters.Add(value[1..], pattern);
                return like;
            case SearchOperator.ILike:
                return $"LOWER({column}) LIKE LOWER({value}) ESCAPE '\\'";
            default:
                var symbol = condition.Operator switch
                {
                    SearchOperator.Equal => "=",
                    SearchOperator.NotEqual => "<>",
                    SearchOperator.Less => "<",
                    SearchOperator.LessOrEqual => "<=",
                    SearchOperator.Greater => ">",
                    _ => ">=",
                };
                return $"{column} {symbol} {value}";
        }
    }
}
