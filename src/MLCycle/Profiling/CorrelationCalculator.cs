using System.Text;
using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>
/// Associations between columns: Pearson and Spearman between numeric columns, Cramér's V between categorical ones, and
/// eta (the correlation ratio) between the target and features of the other family. Spearman is the Pearson correlation
/// of average ranks; above <see cref="RankSampleRows"/> rows both are computed on a seeded sample of that many rows, because
/// ranking needs one sort per column and hundreds of column pairs cost hundreds of aggregates per row; Cramér's V likewise above <see cref="ContingencySampleRows"/>.
/// </summary>
internal static class CorrelationCalculator
{
    public const int MaxNumericColumns = 30;
    public const int MaxCategoricalColumns = 30;
    public const int MaxCategories = 50;
    public const int RankSampleRows = 100_000;
    /// <summary>Above this many rows Cramér's V and the leakage purity are computed on a seeded sample of this many rows.</summary>
    public const int ContingencySampleRows = 20_000;

    public static List<Correlation> Compute(IssueContext context)
    {
        var target = context.Target;
        var numeric = Pick(context, i => context.IsNumeric(i) && context.Columns[i].Distinct >= 2, MaxNumericColumns, target);
        var categorical = Pick(context, IsCategory(context), MaxCategoricalColumns, target);
        var result = new List<Correlation>();
       
        if (numeric.Count >= 2)
        {
            result.AddRange(PearsonAndSpearman(context, numeric));
        }
        if (categorical.Count >= 2) result.AddRange(CramersV(context, categorical));
        if (target >= 0) result.AddRange(Eta(context, target, numeric, categorical));
        return result;
    }

    /// <summary>Categorical and boolean columns with 2..50 values (so does a numeric class-label target).</summary>
    public static Func<int, bool> IsCategory(IssueContext context) => i =>
        context.Columns[i].Distinct is >= 2 and <= MaxCategories
        && (context.Columns[i].Kind is ColumnKind.Categorical or ColumnKind.Boolean || (i == context.Target && TargetIssueDetector.IsClassification(context.Columns[i])));

    private static List<int> Pick(IssueContext context, Func<int, bool> wanted, int cap, int target)
    {
        var picked = Enumerable.Range(0, context.Columns.Count).Where(i => i != target && wanted(i)).Take(cap).ToList();
        if (target >= 0 && wanted(target)) picked.Add(target);
        return picked;
    }

    private static IEnumerable<(int, int)> Pairs(List<int> columns)
    {
        for (var a = 0; a < columns.Count; a++)
            for (var b = a + 1; b < columns.Count; b++) yield return (columns[a], columns[b]);
    }

    private static List<Correlation> Pairwise(IssueContext context, List<int> columns, string relation, string method, Func<int, string>? name = null)
    {
        name ??= IssueContext.Alias;
        var pairs = Pairs(columns).ToList();
        var sql = new StringBuilder("SELECT count(*)");
        foreach (var (a, b) in pairs) sql.Append($", corr({name(a)}, {name(b)})");
        var row = context.Row(sql.Append(" FROM ").Append(relation).ToString());
        var result = new List<Correlation>();
        for (var k = 0; k < pairs.Count; k++)
            if (double.IsFinite(row[k + 1]))
                result.Add(new Correlation(context.Columns[pairs[k].Item1].Name, context.Columns[pairs[k].Item2].Name, method, row[k + 1]));
        return result;
    }

    private static List<Correlation> PearsonAndSpearman(IssueContext context, List<int> columns)
    {
        const string sample = "mlcycle_rank_sample";
        var all = string.Join(", ", columns.Select(IssueContext.Alias));
        var clause = context.Rows > RankSampleRows ? $" USING SAMPLE reservoir({RankSampleRows} ROWS) REPEATABLE (1)" : "";
        var tables = columns.Select(i => "mlcycle_rank_" + IssueContext.Alias(i)).ToList();
        context.Session.Execute($"CREATE TEMP TABLE {sample} AS SELECT {all} FROM {context.View}{clause}");
        try
        {
            // One ranking query per column, each kept in sample order and then lined up with POSITIONAL JOIN: DuckDB runs
            // many differently ordered windows in one SELECT more than ten times slower than the same windows one by one.
            // Ties share the average of their ranks: rank() is the first of them, and the count of peers says how far the last is.
            for (var k = 0; k < columns.Count; k++)
            {
                var c = IssueContext.Alias(columns[k]);
                context.Session.Execute(
                    $"CREATE TEMP TABLE {tables[k]} AS SELECT r{c} FROM (SELECT rowid AS id, CASE WHEN {c} IS NULL THEN NULL ELSE " +
                    $"rank() OVER w + (count(*) OVER (w RANGE BETWEEN CURRENT ROW AND CURRENT ROW) - 1) / 2.0 END AS r{c} " +
                    $"FROM {sample} WINDOW w AS (ORDER BY {c})) ORDER BY id");
            }
            var pearson = Pairwise(context, columns, sample, "pearson");
            return [.. pearson, .. Pairwise(context, columns, string.Join(" POSITIONAL JOIN ", tables), "spearman", i => "r" + IssueContext.Alias(i))];
        }
        finally
        {
            context.Session.Execute(string.Concat(tables.Append(sample).Select(t => $"DROP TABLE IF EXISTS {t}; ")));
        }
    }

    private static IEnumerable<Correlation> CramersV(IssueContext context, List<int> columns)
    {
        var keys = Enumerable.Range(0, context.Columns.Count).Select(IssueContext.Alias).ToList();
        var tables = ContingencyTables.Count(context, keys, Pairs(columns).ToList());
        foreach (var ((a, b), table) in tables)
        {
            var v = ContingencyTables.CramersV(table);
            if (double.IsFinite(v)) yield return new Correlation(context.Columns[a].Name, context.Columns[b].Name, "cramers_v", v);
        }
    }

    /// <summary>Eta = sqrt(between-group sum of squares / total sum of squares) of a numeric column grouped by a categorical one.</summary>
    private static List<Correlation> Eta(IssueContext context, int target, List<int> numeric, List<int> categorical)
    {
        var result = new List<Correlation>();
        if (categorical.Contains(target))
            foreach (var f in numeric.Where(f => f != target)) Add(f, target);
        else if (numeric.Contains(target))
            foreach (var g in categorical.Where(g => g != target)) Add(target, g);
        return result;

        void Add(int value, int group)
        {
            var (v, g) = (IssueContext.Alias(value), IssueContext.Alias(group));
            var row = context.Row(
                $"SELECT sum(n * (m - total) * (m - total)) / max(ss) FROM (SELECT count({v}) AS n, avg({v}) AS m FROM {context.View} " +
                $"WHERE {g} IS NOT NULL AND {v} IS NOT NULL GROUP BY {g}), " +
                $"(SELECT avg({v}) AS total, var_pop({v}) * count({v}) AS ss FROM {context.View} WHERE {g} IS NOT NULL AND {v} IS NOT NULL)");
            if (double.IsFinite(row[0]))
                result.Add(new Correlation(context.Columns[value].Name, context.Columns[group].Name, "eta", Math.Sqrt(Math.Clamp(row[0], 0, 1))));
        }
    }
}
