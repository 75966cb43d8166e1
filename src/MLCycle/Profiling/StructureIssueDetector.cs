using MLCycle.Data;
using MLCycle.Profiling.Scanning;

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

    /// <summary>Asks the second pass for where repeats are, and for the count of the median of a many-valued numeric column that may be near constant.</summary>
    public static Dictionary<int, (NumberProbe Equal, NumberProbe Other)> Plan(IssueContext context, SecondPassPlan plan)
    {
        if (context.Pass.DuplicateRows > 0) plan.FindRepeatedRows(context.Pass.RepeatedRowHashes);
        for (var k = 0; k < context.Pass.KeyRepeats.Length; k++)
            if (context.Pass.KeyRepeats[k] > 0) plan.FindRepeatedKeys(k, context.Pass.RepeatedKeyHashes[k]);
        var probes = new Dictionary<int, (NumberProbe, NumberProbe)>();
        for (var i = 0; i < context.Columns.Count; i++)
        {
            var column = context.Columns[i];
            // No top values (many distinct numbers): a 99 % value must fill the 2nd..98th percentiles, so only then count it.
            if (column.Distinct <= 1 || column.TopValues.Count > 0 || column.Numeric is not { Percentiles.Count: 101 } n || n.Percentiles[2] != n.Percentiles[98]) continue;
            var median = n.Median;
            probes[i] = (plan.AddProbe(i, x => x == median), plan.AddProbe(i, x => x != median));
        }
        return probes;
    }

    public static IEnumerable<DataIssue> Find(IssueContext context, Dictionary<int, (NumberProbe Equal, NumberProbe Other)> medianProbes)
    {
        if (context.Pass.DuplicateRows > 0) yield return DuplicateRows(context, context.Pass.DuplicateRows);
        var keys = context.Pass.Keys;
        for (var k = 0; k < keys.Count; k++)
            if (context.Pass.KeyRepeats[k] > 0) yield return DuplicateKeys(context, keys[k], context.Pass.KeyRepeats[k], context.Second.KeyRepeats[k]!);
        for (var i = 0; i < context.Columns.Count; i++)
        {
            var column = context.Columns[i];
            if (column.Distinct <= 1)
            {
                var what = column.Count == 0 ? "is missing in every row" : $"holds one value ('{column.TopValues.FirstOrDefault()?.Value}')";
                yield return new DataIssue(DataIssueKinds.Constant, column.Name, context.Rows, [],
                    $"'{column.Name}' {what}; it carries no information — drop it.");
            }
            else if (NearConstant(context, i, medianProbes.GetValueOrDefault(i)) is { } near) yield return near;
            else if (column.Kind is ColumnKind.Categorical or ColumnKind.Text && column.Distinct >= HighCardinalityMinDistinct
                     && column.Distinct >= HighCardinalityShare * column.Count)
                yield return new DataIssue(DataIssueKinds.HighCardinality, column.Name, column.Distinct,
                    context.Examples(i, [context.Facts(i).FirstPresent]),
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
        var examples = context.Second.RowRepeats.Select(r => new IssueExample(r.Row, $"same as row {IssueContext.Count(r.First)}")).ToList();
        return new DataIssue(DataIssueKinds.DuplicateRows, null, count, examples,
            $"{IssueContext.Count(count)} rows repeat an earlier row in every column; drop them unless repeats are real events.");
    }

    private static DataIssue DuplicateKeys(IssueContext context, IReadOnlyList<int> key, long count, List<(long Row, long First, object? Value)> repeats)
    {
        var examples = repeats.Select(r => new IssueExample(r.Row,
            string.Join("|", key.Select((k, j) => ((object?[])r.Value!)[j] is { } v ? context.Format(k, v) : "")))).ToList();
        var names = string.Join(", ", key.Select(k => context.Columns[k].Name));
        var declared = context.Options.Keys.Count > 0 && key.Select(k => context.Columns[k].Name).SequenceEqual(context.Options.Keys);
        return new DataIssue(DataIssueKinds.DuplicateKeys, names, count, examples,
            $"{IssueContext.Count(count)} rows repeat an earlier row's {(declared ? "declared key" : "identifier")} ({names}); " +
            "a key must be unique — find out why rows repeat before training.");
    }

    private static DataIssue? NearConstant(IssueContext context, int column, (NumberProbe Equal, NumberProbe Other) median)
    {
        var profile = context.Columns[column];
        if (profile.Count == 0) return null;
        string top;
        long topCount;
        IReadOnlyList<IssueExample> examples;
        if (profile.TopValues.Count > 0)
        {
            (top, topCount) = (profile.TopValues[0].Value, profile.TopValues[0].Count);
            if ((double)topCount / profile.Count < NearConstantShare) return null;
            examples = OtherValueExamples(context, column);
        }
        else if (median.Equal is not null)
        {
            (top, topCount) = (context.Format(column, profile.Numeric!.Median), median.Equal.Count);
            examples = context.Examples(column, [median.Other.Rows]);
        }
        else return null;
        var share = (double)topCount / profile.Count;
        if (share < NearConstantShare) return null;
        var others = profile.Count - topCount;
        return new DataIssue(DataIssueKinds.NearConstant, profile.Name, others, examples,
            $"'{profile.Name}' is '{top}' in {share:P1} of its values; only {IssueContext.Count(others)} rows differ — it carries little information.",
            new Dictionary<string, double> { ["top_share"] = share });
    }

    // Rows holding any value but the most common one, from the tally (top values exist, so the tally is complete enough).
    private static IReadOnlyList<IssueExample> OtherValueExamples(IssueContext context, int column)
    {
        var facts = context.Facts(column);
        if (context.StoresNumbers(column) && facts.Numbers is { } numbers)
        {
            var top = numbers.OrderByDescending(p => p.Value.Count).ThenBy(p => p.Key).First().Key;
            return context.ExamplesOfValues(column, numbers.Keys.Where(k => k != top).Cast<object>());
        }
        var topText = context.Columns[column].TopValues[0].Value;
        return context.ExamplesOfValues(column, facts.Texts.Keys.Where(k => k != topText));
    }
}
