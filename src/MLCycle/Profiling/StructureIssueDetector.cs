using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>
/// Finds problems of shape rather than value: repeated rows, repeated keys (declared ones and columns named like an id),
/// constant and near-constant columns, and categorical columns with almost one value per row.
/// </summary>
internal static class StructureIssueDetector
{
    public const double NearConstantShare = 0.99;
    public const double HighCardinalityShare = 0.9;
    public const int HighCardinalityMinDistinct = 50;

    public static IEnumerable<DataIssue> Find(IssueContext context, long duplicateRows)
    {
        if (duplicateRows > 0) yield return DuplicateRows(context, duplicateRows);
        foreach (var key in KeyCandidates(context))
            if (DuplicateKeys(context, key) is { } issue) yield return issue;
        for (var i = 0; i < context.Columns.Count; i++)
        {
            var column = context.Columns[i];
            if (column.Distinct <= 1)
            {
                var what = column.Count == 0 ? "is missing in every row" : $"holds one value ('{column.TopValues.FirstOrDefault()?.Value}')";
                yield return new DataIssue(DataIssueKinds.Constant, column.Name, context.Rows, [],
                    $"'{column.Name}' {what}; it carries no information — drop it.");
            }
            else if (NearConstant(context, i) is { } near) yield return near;
            else if (column.Kind is ColumnKind.Categorical or ColumnKind.Text && column.Distinct >= HighCardinalityMinDistinct
                     && column.Distinct >= HighCardinalityShare * column.Count)
                yield return new DataIssue(DataIssueKinds.HighCardinality, column.Name, column.Distinct,
                    context.Examples(i, $"{IssueContext.Alias(i)} IS NOT NULL"),
                    $"'{column.Name}' has {IssueContext.Count(column.Distinct)} distinct values in {IssueContext.Count(column.Count)} rows: " +
                    "an identifier or free text, useless as a category — drop it or derive features from it.");
        }
    }

    /// <summary>Whether a name looks like an identifier: <c>id</c>, <c>*_id</c>, <c>customerID</c>, <c>OrderId</c>.</summary>
    public static bool LooksLikeId(string name) =>
        name.Equals("id", StringComparison.OrdinalIgnoreCase) || name.EndsWith("_id", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(" id", StringComparison.OrdinalIgnoreCase)
        || (name.Length > 2 && (name.EndsWith("ID", StringComparison.Ordinal) || name.EndsWith("Id", StringComparison.Ordinal)) && char.IsLower(name[^3]));

    private static DataIssue DuplicateRows(IssueContext context, long count)
    {
        var all = string.Join(", ", Enumerable.Range(0, context.Columns.Count).Select(IssueContext.Alias));
        var examples = new List<IssueExample>();
        using (var reader = context.Session.Query(
            $"SELECT r, f FROM (SELECT rowid + 1 AS r, min(rowid) OVER (PARTITION BY {all}) + 1 AS f FROM {context.View}) " +
            $"WHERE r <> f ORDER BY r LIMIT {IssueContext.MaxExamples}"))
            while (reader.Read()) examples.Add(new IssueExample(reader.GetInt64(0), $"same as row {IssueContext.Count(reader.GetInt64(1))}"));
        return new DataIssue(DataIssueKinds.DuplicateRows, null, count, examples,
            $"{IssueContext.Count(count)} rows repeat an earlier row in every column; drop them unless repeats are real events.");
    }

    private static IEnumerable<IReadOnlyList<int>> KeyCandidates(IssueContext context)
    {
        var declared = context.Options.Keys.Select(context.IndexOf).ToList();
        if (declared.Count > 0) yield return declared;
        for (var i = 0; i < context.Columns.Count; i++)
            if (LooksLikeId(context.Columns[i].Name) && !(declared.Count == 1 && declared[0] == i)) yield return [i];
    }

    private static DataIssue? DuplicateKeys(IssueContext context, IReadOnlyList<int> key)
    {
        var columns = string.Join(", ", key.Select(IssueContext.Alias));
        var present = string.Join(" AND ", key.Select(k => $"{IssueContext.Alias(k)} IS NOT NULL"));
        var repeats = $"(SELECT rowid, {columns}, row_number() OVER (PARTITION BY {columns} ORDER BY rowid) AS n FROM {context.View} WHERE {present})";
        var count = (long)context.Row($"SELECT count(*) FROM {repeats} WHERE n > 1")[0];
        if (count == 0) return null;
        var examples = new List<IssueExample>();
        using (var reader = context.Session.Query($"SELECT rowid + 1, {columns} FROM {repeats} WHERE n > 1 ORDER BY rowid LIMIT {IssueContext.MaxExamples}"))
            while (reader.Read())
                examples.Add(new IssueExample(reader.GetInt64(0), string.Join("|", key.Select((k, j) => reader.IsDBNull(j + 1) ? "" : context.Format(k, reader.GetValue(j + 1))))));
        var names = string.Join(", ", key.Select(k => context.Columns[k].Name));
        var declared = context.Options.Keys.Count > 0 && key.Select(k => context.Columns[k].Name).SequenceEqual(context.Options.Keys);
        return new DataIssue(DataIssueKinds.DuplicateKeys, names, count, examples,
            $"{IssueContext.Count(count)} rows repeat an earlier row's {(declared ? "declared key" : "identifier")} ({names}); " +
            "a key must be unique — find out why rows repeat before training.");
    }

    private static DataIssue? NearConstant(IssueContext context, int column)
    {
        var profile = context.Columns[column];
        if (profile.Count == 0) return null;
        string? top;
        long topCount;
        if (profile.TopValues.Count > 0) (top, topCount) = (profile.TopValues[0].Value, profile.TopValues[0].Count);
        else if (profile.Numeric is { Percentiles.Count: 101 } n && n.Percentiles[2] == n.Percentiles[98])
        {
            // No top values (many distinct numbers): a 99 % value must fill the 2nd..98th percentiles, so only then count it.
            topCount = (long)context.Row($"SELECT count(*) FROM {context.View} WHERE {IssueContext.Alias(column)} = {SqlText.Double(n.Median)}")[0];
            top = context.Format(column, n.Median);
        }
        else return null;
        var share = (double)topCount / profile.Count;
        if (share < NearConstantShare) return null;
        var others = profile.Count - topCount;
        var filter = profile.TopValues.Count > 0 && !context.StoresNumbers(column)
            ? $"{IssueContext.Alias(column)} <> {SqlText.Literal(top!)}"
            : $"{IssueContext.Alias(column)} <> {SqlText.Double(profile.TopValues.Count > 0 ? TopNumber(context, column) : profile.Numeric!.Median)}";
        return new DataIssue(DataIssueKinds.NearConstant, profile.Name, others, context.Examples(column, filter),
            $"'{profile.Name}' is '{top}' in {share:P1} of its values; only {IssueContext.Count(others)} rows differ — it carries little information.",
            new Dictionary<string, double> { ["top_share"] = share });
    }

    // Top values of a numeric column are formatted text; the number itself is found again, in the same order as the top values.
    private static double TopNumber(IssueContext context, int column)
    {
        var c = IssueContext.Alias(column);
        return context.Row($"SELECT {c} FROM {context.View} WHERE {c} IS NOT NULL GROUP BY {c} ORDER BY count(*) DESC, {c} LIMIT 1")[0];
    }
}
