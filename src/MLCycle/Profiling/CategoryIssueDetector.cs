using System.Text;
using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>
/// Finds categories spelled several ways (<see cref="DataIssueKinds.InconsistentCategories"/>): values equal once
/// trimmed, lower-cased and stripped of punctuation and spaces ("Male", "male ", "MALE."), and single letters that
/// abbreviate exactly one other value of the column ("M" beside "Male"). Reads each column's tally of values, never its rows.
/// </summary>
internal static class CategoryIssueDetector
{
    /// <summary>Columns with more distinct values than this are identifiers or free text, not categories.</summary>
    public const int MaxDistinct = 1000;

    public static IEnumerable<DataIssue> Find(IssueContext context)
    {
        for (var i = 0; i < context.Columns.Count; i++)
        {
            var column = context.Columns[i];
            if (column.Kind != ColumnKind.Categorical || column.Distinct < 2 || column.Distinct > MaxDistinct) continue;
            foreach (var issue in FindInColumn(context, i)) yield return issue;
        }
    }

    /// <summary>The comparison key: lower-case letters and digits only.</summary>
    public static string Normalise(string value)
    {
        var key = new StringBuilder(value.Length);
        foreach (var ch in value.Trim().ToLowerInvariant()) if (char.IsLetterOrDigit(ch)) key.Append(ch);
        return key.ToString();
    }

    private static IEnumerable<DataIssue> FindInColumn(IssueContext context, int column)
    {
        var values = context.Facts(column).Texts.Select(p => (Value: p.Key, p.Value.Count))
            .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).ToList();

        var groups = values.Where(v => Normalise(v.Value).Length > 0).GroupBy(v => Normalise(v.Value)).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var letter in groups.Keys.Where(k => k.Length == 1 && char.IsLetter(k[0])).ToList())
        {
            // A letter abbreviates a value only when exactly one longer value starts with it ("M" -> "male", not "M" -> "male"/"mixed").
            var longer = groups.Keys.Where(k => k.Length > 1 && k[0] == letter[0]).ToList();
            if (longer.Count != 1) continue;
            groups[longer[0]].AddRange(groups[letter]);
            groups.Remove(letter);
        }

        foreach (var group in groups.Values.Where(g => g.Count > 1))
        {
            var ordered = group.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).ToList();
            var others = ordered.Skip(1).ToList();
            var count = others.Sum(v => v.Count);
            var spellings = string.Join(", ", ordered.Select(v => $"'{v.Value}' ({IssueContext.Count(v.Count)})"));
            var name = context.Columns[column].Name;
            yield return new DataIssue(DataIssueKinds.InconsistentCategories, name, count, context.ExamplesOfValues(column, others.Select(v => v.Value)),
                $"'{name}' spells one category {IssueContext.Count(ordered.Count)} ways: {spellings}; " +
                $"{IssueContext.Count(count)} rows differ from the most common spelling '{ordered[0].Value}' — map them to one value.");
        }
    }
}
