using System.Text;
using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>
/// Finds text columns mixing numbers with words (<see cref="DataIssueKinds.MixedTypes"/>) and values that stand for
/// missing (<see cref="DataIssueKinds.SentinelValues"/>): placeholder words in text columns and codes such as -999 or 9999
/// in numeric ones. All columns are counted in one aggregate pass; only columns with a finding are read again for examples.
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
        var text = Enumerable.Range(0, context.Columns.Count).Where(i => !context.StoresNumbers(i) && context.Columns[i].Count > 0).ToList();
        // A code apart from the real values is the column's minimum or maximum, or next to another code that is.
        var numeric = Enumerable.Range(0, context.Columns.Count)
            .Where(i => context.IsNumeric(i) && context.Columns[i].Numeric is { } n && (n.Min is -999 or -99 or -1 || n.Max is 9999 or 99999))
            .ToList();
        if (text.Count + numeric.Count == 0) yield break;

        var words = string.Join(", ", MissingWords.Append(SoftMissingWord).Select(SqlText.Literal));
        var codes = string.Join(", ", NumericSentinels.Select(SqlText.Double));
        // A column whose top values hold every present value is counted from that short list, not from every row again.
        var listed = text.Where(i => context.Columns[i].TopValues.Sum(v => v.Count) == context.Columns[i].Count).ToList();
        var textCounts = listed.ToDictionary(i => i, i => ListedCounts(context, i, words));
        var scanned = text.Except(listed).ToList();
        var sql = new StringBuilder("SELECT count(*)");
        foreach (var i in scanned)
        {
            var c = IssueContext.Alias(i);
            sql.Append($", count(TRY_CAST({c} AS DOUBLE)), count_if({WordFilter(c, words, false)})")
               .Append($", count_if(lower(trim({c})) IN ({words}))");
        }
        foreach (var i in numeric)
        {
            var c = IssueContext.Alias(i);
            foreach (var v in NumericSentinels) sql.Append($", count_if({c} = {SqlText.Double(v)})");
            sql.Append($", min(CASE WHEN {c} NOT IN ({codes}) THEN {c} END), max(CASE WHEN {c} NOT IN ({codes}) THEN {c} END)");
        }
        var row = scanned.Count + numeric.Count > 0 ? context.Row(sql.Append(" FROM ").Append(context.View).ToString()) : [];

        var at = 1;
        foreach (var i in scanned)
        {
            textCounts[i] = [row[at], row[at + 1], row[at + 2]];
            at += 3;
        }
        foreach (var i in text)
        {
            var (numbers, others, placeholders) = ((long)textCounts[i][0], (long)textCounts[i][1], (long)textCounts[i][2]);
            if (numbers > 0 && others > 0) yield return MixedTypes(context, i, numbers, others, words);
            if (placeholders > 0)
                foreach (var issue in WordSentinels(context, i, words)) yield return issue;
        }
        foreach (var i in numeric)
        {
            var counts = row.AsSpan(at, NumericSentinels.Length).ToArray();
            var (otherMin, otherMax) = (row[at + NumericSentinels.Length], row[at + NumericSentinels.Length + 1]);
            at += NumericSentinels.Length + 2;
            for (var k = 0; k < NumericSentinels.Length; k++)
            {
                var v = NumericSentinels[k];
                if (counts[k] == 0) continue;
                // A code is a sentinel only when it sits apart from the real values: -1 in an otherwise non-negative column,
                // -999 below or 9999 above everything else. NaN bounds mean no other value at all.
                var apart = v switch
                {
                    -1 => !(otherMin < 0),
                    < 0 => !(otherMin <= v),
                    _ => !(otherMax >= v),
                };
                if (apart) yield return NumberSentinel(context, i, v, (long)counts[k]);
            }
        }
    }

    /// <summary>The same three counts as the scan (numbers, other words, placeholder words), from the column's listed values.</summary>
    private static double[] ListedCounts(IssueContext context, int column, string words)
    {
        var values = string.Join(", ", context.Columns[column].TopValues.Select(v => $"({SqlText.Literal(v.Value)}, {IssueContext.Count(v.Count)})"));
        return context.Row(
            $"SELECT coalesce(sum(n) FILTER (WHERE TRY_CAST(v AS DOUBLE) IS NOT NULL), 0), coalesce(sum(n) FILTER (WHERE {WordFilter("v", words, false)}), 0), " +
            $"coalesce(sum(n) FILTER (WHERE lower(trim(v)) IN ({words})), 0) FROM (VALUES {values}) AS t(v, n)");
    }

    private static string WordFilter(string c, string words, bool numeric) =>
        numeric ? $"TRY_CAST({c} AS DOUBLE) IS NOT NULL" : $"{c} IS NOT NULL AND TRY_CAST({c} AS DOUBLE) IS NULL AND lower(trim({c})) NOT IN ({words})";

    private static DataIssue MixedTypes(IssueContext context, int column, long numbers, long words, string placeholders)
    {
        var name = context.Columns[column].Name;
        var numbersAreFew = numbers <= words;
        var minority = Math.Min(numbers, words);
        var examples = context.Examples(column, WordFilter(IssueContext.Alias(column), placeholders, numbersAreFew));
        var message = $"'{name}' mixes numbers and text: {IssueContext.Count(numbers)} values are numbers and {IssueContext.Count(words)} are not; " +
                      $"the {IssueContext.Count(minority)} {(numbersAreFew ? "numbers" : "non-numbers")} are likely typos or codes — fix them, or split the column.";
        return new DataIssue(DataIssueKinds.MixedTypes, name, minority, examples, message,
            new Dictionary<string, double> { ["numbers"] = numbers, ["non_numbers"] = words });
    }

    private static IEnumerable<DataIssue> WordSentinels(IssueContext context, int column, string words)
    {
        var profile = context.Columns[column];
        var c = IssueContext.Alias(column);
        var spellings = new List<(string Value, long Count)>();
        using (var reader = context.Session.Query(
            $"SELECT {c}, count(*) AS n FROM {context.View} WHERE lower(trim({c})) IN ({words}) GROUP BY {c} ORDER BY n DESC, {c}"))
            while (reader.Read()) spellings.Add((reader.GetString(0), reader.GetInt64(1)));
        // The strictly most common value of a column is its vocabulary, not a placeholder (e.g. "None" as a masonry type).
        var values = profile.TopValues;
        var top = values.Count > 0 && (values.Count == 1 || values[0].Count > values[1].Count) ? values[0].Value : null;
        spellings.RemoveAll(s => s.Value == top);
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
        var filter = $"{IssueContext.Alias(column)} IN ({string.Join(", ", spellings.Select(s => SqlText.Literal(s.Value)))})";
        return new DataIssue(DataIssueKinds.SentinelValues, context.Columns[column].Name, count, context.Examples(column, filter),
            string.Format(System.Globalization.CultureInfo.InvariantCulture, template, IssueContext.Count(count), list));
    }

    private static DataIssue NumberSentinel(IssueContext context, int column, double value, long count)
    {
        var name = context.Columns[column].Name;
        var examples = context.Examples(column, $"{IssueContext.Alias(column)} = {SqlText.Double(value)}");
        var message = $"'{name}' holds {IssueContext.Number(value)} {IssueContext.Count(count)} times, apart from its other values: " +
                      "probably a code for missing; leave those fields empty so they count as missing.";
        return new DataIssue(DataIssueKinds.SentinelValues, name, count, examples, message, new Dictionary<string, double> { ["value"] = value });
    }
}
