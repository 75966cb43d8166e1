using MLCycle.Profiling.Scanning;

namespace MLCycle.Profiling;

/// <summary>
/// Finds columns mixing numbers with words (<see cref="DataIssueKinds.MixedTypes"/>) and values that stand for
/// missing (<see cref="DataIssueKinds.SentinelValues"/>): placeholder words, and codes such as -999 or 9999 in numeric
/// columns. Each distinct value is classified once from the column's tally; values past a full tally were classified as they came.
/// </summary>
internal static class ValueIssueDetector
{
    /// <summary>Words that stand for a missing value (compared trimmed and lower-cased; the empty string is a blank field of spaces).</summary>
    public static readonly IReadOnlyList<string> MissingWords = ["n/a", "na", "?", "null", "-", "", "missing", "unknown", "nan"];

    /// <summary>A word that is often a real label (Mas_Vnr_Type=None) as well as a placeholder, so it is reported softly.</summary>
    public const string SoftMissingWord = "none";

    public static readonly double[] NumericSentinels = [-999, -99, -1, 9999, 99999];

    public static IEnumerable<DataIssue> Find(IssueContext context)
    {
        for (var i = 0; i < context.Columns.Count; i++)
        {
            var facts = context.Facts(i);
            if (facts.TextValues == 0) continue;
            var classes = facts.Texts.GroupBy(p => TextValues.Classify(p.Key)).ToDictionary(g => g.Key, g => g.ToList());
            List<KeyValuePair<string, ValueTally>> Of(TextValueClass c) => classes.GetValueOrDefault(c) ?? [];
            // In a column whose kind stores numbers, the numbers are the values read as such; the texts are what was not.
            var numbers = context.StoresNumbers(i) ? facts.Moments.Count : Of(TextValueClass.Number).Sum(p => p.Value.Count) + facts.Overflow.Numbers;
            var others = Of(TextValueClass.Other).Sum(p => p.Value.Count) + facts.Overflow.Others;
            if (numbers > 0 && others > 0) yield return MixedTypes(context, i, numbers, others, Of(TextValueClass.Number), Of(TextValueClass.Other));
            var spellings = Of(TextValueClass.Placeholder).Select(p => (p.Key, p.Value.Count))
                .Concat(facts.Overflow.Placeholders.Select(p => (p.Key, p.Value.Count))).ToList();
            if (spellings.Count > 0)
                foreach (var issue in WordSentinels(context, i, spellings)) yield return issue;
        }
        for (var i = 0; i < context.Columns.Count; i++)
            if (context.IsNumeric(i) && context.Columns[i].Numeric is { } n && (n.Min is -999 or -99 or -1 || n.Max is 9999 or 99999))
                foreach (var issue in NumberSentinels(context, i)) yield return issue;
    }

    private static DataIssue MixedTypes(IssueContext context, int column, long numbers, long words,
        List<KeyValuePair<string, ValueTally>> numberTexts, List<KeyValuePair<string, ValueTally>> otherTexts)
    {
        var name = context.Columns[column].Name;
        var facts = context.Facts(column);
        var numbersAreFew = numbers <= words;
        var minority = Math.Min(numbers, words);
        IReadOnlyList<IssueExample> examples = numbersAreFew
            ? context.StoresNumbers(column)
                ? context.Examples(column, [facts.FirstPresent])
                : Merge(context, column, context.ExamplesOfValues(column, numberTexts.Select(p => p.Key)), facts.Overflow.NumberRows)
            : Merge(context, column, context.ExamplesOfValues(column, otherTexts.Select(p => p.Key)), facts.Overflow.OtherRows);
        var message = $"'{name}' mixes numbers and text: {IssueContext.Count(numbers)} values are numbers and {IssueContext.Count(words)} are not; " +
                      $"the {IssueContext.Count(minority)} {(numbersAreFew ? "numbers" : "non-numbers")} are likely typos or codes — fix them, or split the column.";
        return new DataIssue(DataIssueKinds.MixedTypes, name, minority, examples, message,
            new Dictionary<string, double> { ["numbers"] = numbers, ["non_numbers"] = words });
    }

    private static IReadOnlyList<IssueExample> Merge(IssueContext context, int column, IReadOnlyList<IssueExample> tallied, RowExamples overflow) =>
        tallied.Concat(context.Examples(column, [overflow])).OrderBy(e => e.Row).Take(IssueContext.MaxExamples).ToList();

    private static IEnumerable<DataIssue> WordSentinels(IssueContext context, int column, List<(string Value, long Count)> spellings)
    {
        var profile = context.Columns[column];
        // The strictly most common value of a column is its vocabulary, not a placeholder (e.g. "None" as a masonry type).
        var values = profile.TopValues;
        var top = values.Count > 0 && (values.Count == 1 || values[0].Count > values[1].Count) ? values[0].Value : null;
        spellings = spellings.Where(s => s.Value != top).OrderByDescending(s => s.Count).ThenBy(s => s.Value, StringComparer.Ordinal).ToList();
        var hard = spellings.Where(s => s.Value.Trim().ToLowerInvariant() != SoftMissingWord).ToList();
        var soft = spellings.Except(hard).ToList();
        if (hard.Count > 0)
            yield return WordIssue(context, column, hard,
                $"'{profile.Name}' holds {{0}} values that usually stand for missing ({{1}}); leave those fields empty so they count as missing.");
        if (soft.Count > 0)
            yield return WordIssue(context, column, soft,
                $"'{profile.Name}' holds {{0}} values ({{1}}) that may stand for missing or be a real label (as in Mas_Vnr_Type=None); check which.");
    }

    private static DataIssue WordIssue(IssueContext context, int column, List<(string Value, long Count)> spellings, string template)
    {
        var count = spellings.Sum(s => s.Count);
        var list = string.Join(", ", spellings.Select(s => $"'{s.Value}' x{IssueContext.Count(s.Count)}"));
        return new DataIssue(DataIssueKinds.SentinelValues, context.Columns[column].Name, count,
            context.ExamplesOfValues(column, spellings.Select(s => s.Value)),
            string.Format(System.Globalization.CultureInfo.InvariantCulture, template, IssueContext.Count(count), list));
    }

    private static IEnumerable<DataIssue> NumberSentinels(IssueContext context, int column)
    {
        var checks = context.Facts(column).Checks!;
        for (var k = 0; k < NumericSentinels.Length; k++)
        {
            var v = NumericSentinels[k];
            if (checks.CodeCounts[k] == 0) continue;
            // A code is a sentinel only when it sits apart from the real values: -1 in an otherwise non-negative column,
            // -999 below or 9999 above everything else. Infinite bounds mean no other value at all.
            var (otherMin, otherMax) = (checks.OtherMin, checks.OtherMax);
            var apart = v switch
            {
                -1 => !(otherMin < 0),
                < 0 => !(otherMin <= v),
                _ => !(otherMax >= v),
            };
            if (!apart) continue;
            var name = context.Columns[column].Name;
            var count = checks.CodeCounts[k];
            var message = $"'{name}' holds {IssueContext.Number(v)} {IssueContext.Count(count)} times, apart from its other values: " +
                          "probably a code for missing; leave those fields empty so they count as missing.";
            yield return new DataIssue(DataIssueKinds.SentinelValues, name, count, context.Examples(column, [checks.CodeRows[k]]), message,
                new Dictionary<string, double> { ["value"] = v });
        }
    }
}
