using System.Text;
using Dapper;
using MLCycle.Tracking;
using MLCycle.Tracking.Search;

namespace MLCycle.Storage;

/// <summary>Turns a parsed filter and order into one SQL query. Keys and values are always parameters; the only text taken from a
/// filter is an attribute's column, chosen from a fixed list, so nothing a caller writes is ever pasted into SQL.</summary>
internal static class RunSearchQuery
{
    public static (string Sql, DynamicParameters Parameters) Build(
        ISqlDialect dialect, RunSearch search, RunFilter filter, IReadOnlyList<RunOrder> order, long snapshot, long offset, int take)
    {
        var parameters = new DynamicParameters(new { Snapshot = snapshot, Skip = offset, Take = take });
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
                // The same expression as the index of migration 10, so an equality on a param or tag is an index lookup.
                if (condition is { Operator: SearchOperator.Equal, Text: not null }) comparison = $"substr(c{i}.value, 1, 200) = substr({value}, 1, 200) AND {comparison}";
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
        for (var i = 0; i < order.Count; i++)
        {
            var field = order[i].Field;
            string expression;
            if (TableOf(field.Entity) is { } table)
            {
                joins.Append($" LEFT JOIN {table} o{i} ON o{i}.run_id = r.run_id AND o{i}.key = @ok{i}");
                parameters.Add($"ok{i}", field.Key);
                expression = $"o{i}.value";
            }
            else
            {
                expression = ColumnOf(field.Key);
            }
            // Runs without the field come last whichever the direction, as MLflow sorts them.
            orderBy.Add($"{expression} {(order[i].Descending ? "DESC" : "ASC")} NULLS LAST");
        }
        orderBy.Add("r.run_seq DESC");

        var sql = $"""
            {RunQueries.SelectRun}{joins}
            WHERE {string.Join(" AND ", where)}
            ORDER BY {string.Join(", ", orderBy)}
            LIMIT @Take OFFSET @Skip
            """;
        return (sql, parameters);
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
