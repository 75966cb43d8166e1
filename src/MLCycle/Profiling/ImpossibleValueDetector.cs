using System.Text;
using System.Text.RegularExpressions;
using MLCycle.Data;

namespace MLCycle.Profiling;

/// <summary>
/// Finds values that cannot be true (<see cref="DataIssueKinds.ImpossibleValues"/>): negatives in columns named like a
/// count, age, price, amount or duration; dates after now; and percentages above 100 in columns named like a percentage
/// or rate whose values otherwise lie in 0..100. One aggregate pass counts every candidate column.
/// </summary>
internal static partial class ImpossibleValueDetector
{
    /// <summary>Name words meaning a quantity that cannot be negative.</summary>
    public static readonly IReadOnlySet<string> NonNegativeWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "age", "count", "counts", "cnt", "num", "number", "qty", "quantity", "price", "prices", "amount", "tenure", "years",
        "duration", "cost", "salary", "income", "fare", "months", "days", "weeks", "hours", "minutes", "seconds",
    };

    /// <summary>Name words meaning a percentage.</summary>
    public static readonly IReadOnlySet<string> PercentWords = new HashSet<string>(StringComparer.Ordinal) { "pct", "percent", "percentage", "rate" };

    /// <summary>Share of a percentage column's values that must lie in 0..100 before values above 100 count as impossible.</summary>
    public const double PercentInRangeShare = 0.95;

    /// <summary>The words of a column name: split at underscores, spaces, digits and lower-to-upper case changes, lower-cased.</summary>
    public static IReadOnlyList<string> Words(string name) =>
        WordPattern().Matches(name).Select(m => m.Value.ToLowerInvariant()).ToList();

    /// <summary>Whether a name says the column counts or measures something non-negative (age, n_items, TotalPrice).</summary>
    public static bool SoundsNonNegative(string name)
    {
        var words = Words(name);
        return words.Any(NonNegativeWords.Contains) || (words.Count > 1 && words[0] == "n" && name.Length > 2 && !char.IsLetter(name[1]));
    }

    public static IEnumerable<DataIssue> Find(IssueContext context)
    {
        var checks = new List<(int Column, string Filter, string Why)>();
        var now = SqlText.Double(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        for (var i = 0; i < context.Columns.Count; i++)
        {
            var column = context.Columns[i];
            if (column.Count == 0) continue;
            var c = IssueContext.Alias(i);
            if (column.Kind == ColumnKind.DateTime)
                checks.Add((i, $"{c} > {now}", "dates in the future"));
            else if (column.Kind == ColumnKind.Numeric && SoundsNonNegative(column.Name))
                checks.Add((i, $"{c} < 0", "negative values, though its name says it cannot be negative"));
            else if (column.Kind == ColumnKind.Numeric && Words(column.Name).Any(PercentWords.Contains))
                checks.Add((i, $"{c} > 100", "percentages above 100"));
        }
        if (checks.Count == 0) yield break;

        var sql = new StringBuilder("SELECT count(*)");
        foreach (var (column, filter, _) in checks)
            sql.Append($", count_if({filter}), count_if({IssueContext.Alias(column)} BETWEEN 0 AND 100)");
        var row = context.Row(sql.Append(" FROM ").Append(context.View).ToString());

        for (var k = 0; k < checks.Count; k++)
        {
            var (column, filter, why) = checks[k];
            var (bad, inRange) = ((long)row[1 + 2 * k], (long)row[2 + 2 * k]);
            if (bad == 0) continue;
            var profile = context.Columns[column];
            // A "rate" that is mostly above 100 (a heart rate) is not a percentage.
            if (filter.EndsWith("> 100", StringComparison.Ordinal) && inRange < PercentInRangeShare * profile.Count) continue;
            yield return new DataIssue(DataIssueKinds.ImpossibleValues, profile.Name, bad, context.Examples(column, filter),
                $"'{profile.Name}' has {IssueContext.Count(bad)} {why}; fix or remove them.");
        }
    }

    [GeneratedRegex("[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")]
    private static partial Regex WordPattern();
}
