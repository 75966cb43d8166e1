using System.Text.RegularExpressions;
using MLCycle.Data;
using MLCycle.Profiling.Scanning;

namespace MLCycle.Profiling;

/// <summary>
/// Finds values that cannot be true (<see cref="DataIssueKinds.ImpossibleValues"/>): negatives in columns named like a
/// count, age, price, amount or duration; dates after now; and percentages above 100 in columns named like a percentage
/// or rate whose values otherwise lie in 0..100. The counts and first rows come from the scan's range checks.
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
        for (var i = 0; i < context.Columns.Count; i++)
        {
            var column = context.Columns[i];
            if (column.Count == 0 || context.Facts(i).Checks is not { } checks) continue;
            (long Bad, RowExamples Rows, string Why)? found = null;
            if (column.Kind == ColumnKind.DateTime) found = (checks.Future, checks.FutureRows, "dates in the future");
            else if (column.Kind == ColumnKind.Numeric && SoundsNonNegative(column.Name))
                found = (checks.Negative, checks.NegativeRows, "negative values, though its name says it cannot be negative");
            // A "rate" that is mostly above 100 (a heart rate) is not a percentage.
            else if (column.Kind == ColumnKind.Numeric && Words(column.Name).Any(PercentWords.Contains) && checks.Within0To100 >= PercentInRangeShare * column.Count)
                found = (checks.Over100, checks.Over100Rows, "percentages above 100");
            if (found is not { Bad: > 0 } f) continue;
            yield return new DataIssue(DataIssueKinds.ImpossibleValues, column.Name, f.Bad, context.Examples(i, [f.Rows]),
                $"'{column.Name}' has {IssueContext.Count(f.Bad)} {f.Why}; fix or remove them.");
        }
    }

    [GeneratedRegex("[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")]
    private static partial Regex WordPattern();
}
