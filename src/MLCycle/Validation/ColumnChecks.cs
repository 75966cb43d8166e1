using System.Globalization;
using MLCycle.Data;
using MLCycle.Profiling;

namespace MLCycle.Validation;

/// <summary>Checks one column's expectations against the validation table, one result per stated expectation.</summary>
internal static class ColumnChecks
{
    private static readonly string[] TrueWords = ["1", "true", "yes", "y", "t"];
    private static readonly string[] FalseWords = ["0", "false", "no", "n", "f"];

    public static IEnumerable<ExpectationResult> Check(ValidationTable table, ColumnExpectations c, DatasetProfile? reference)
    {
        var present = table.Contains(c.Name);
        if (c.Exists is { } exists)
            yield return Result("exists", c.Name, present == exists, present ? "present" : "absent", exists ? "present" : "absent");
        if (!present)
        {
            // Every other expectation about an absent column fails, so a missing column never passes silently.
            foreach (var key in Stated(c).Where(k => k != "exists"))
                yield return Result(key, c.Name, false, "the column is absent", Describe(key, c));
            yield break;
        }

        var info = table.Info(c.Name);
        var q = table.Alias(c.Name);
        var numeric = TableColumn.StoresNumbers(info.Kind);
        if (c.Type is { } type)
            yield return Result("type", c.Name, info.Kind == type, Word(info.Kind), Word(type));
        if (c.NotNull == true || c.MaxMissing is not null)
        {
            var (missing, examples) = table.Violations($"{q} IS NULL", [c.Name]);
            if (c.NotNull == true)
                yield return Result("not_null", c.Name, missing == 0, $"{missing} missing", "no missing values", missing, examples);
            if (c.MaxMissing is { } bound)
            {
                var share = table.Rows == 0 ? 0 : (double)missing / table.Rows;
                yield return Result("max_missing", c.Name, share <= bound, $"{Number(share)} missing ({missing} of {table.Rows})",
                    $"at most {Number(bound)} missing", missing, examples);
            }
        }
        if (c.Range is { } range)
        {
            if (!numeric) yield return Result("range", c.Name, false, $"the column is {Word(info.Kind)}; a range needs numbers", Describe("range", c));
            else yield return Rows(table, "range", c, $"({Outside(q, range)})", "values outside the range");
        }
        if (c.Allowed is { } allowed)
        {
            var literals = AllowedLiterals(info, allowed);
            var notAllowed = literals.Count == 0 ? $"({q} IS NOT NULL)" : $"({q} IS NOT NULL AND {q} NOT IN ({string.Join(", ", literals)}))";
            yield return Rows(table, "allowed", c, notAllowed, "values not allowed");
        }
        if (c.Regex is { } regex)
        {
            if (numeric) yield return Result("regex", c.Name, false, $"the column is {Word(info.Kind)}; a regex needs text", Describe("regex", c));
            else yield return Rows(table, "regex", c, $"({q} IS NOT NULL AND NOT regexp_full_match({q}, {SqlText.Literal(regex)}))", "values not matching");
        }
        if (c.Unique == true)
        {
            var duplicated = $"(SELECT *, count(*) OVER (PARTITION BY {q}) AS mlcycle_n FROM {ValidationTable.View} WHERE {q} IS NOT NULL)";
            var (count, examples) = table.Violations("mlcycle_n > 1", [c.Name], duplicated);
            yield return Result("unique", c.Name, count == 0, $"{count} rows share a value with another row", "every value distinct", count, examples);
        }
        if (c.Distribution is { } distribution)
            yield return DistributionCheck.Check(table, c.Name, distribution, reference!);
    }

    /// <summary>The suite keys this column states, in the order they are checked.</summary>
    public static IEnumerable<string> Stated(ColumnExpectations c)
    {
        if (c.Exists is not null) yield return "exists";
        if (c.Type is not null) yield return "type";
        if (c.NotNull == true) yield return "not_null";
        if (c.MaxMissing is not null) yield return "max_missing";
        if (c.Range is not null) yield return "range";
        if (c.Allowed is not null) yield return "allowed";
        if (c.Regex is not null) yield return "regex";
        if (c.Unique == true) yield return "unique";
        if (c.Distribution is not null) yield return "distribution";
    }

    public static string Describe(string key, ColumnExpectations c) => key switch
    {
        "exists" => c.Exists == false ? "absent" : "present",
        "type" => Word(c.Type!.Value),
        "not_null" => "no missing values",
        "max_missing" => $"at most {Number(c.MaxMissing!.Value)} missing",
        "range" => $"values in [{Bound(c.Range!.Min)}, {Bound(c.Range.Max)}]",
        "allowed" => $"values in {{{string.Join(", ", c.Allowed!)}}}",
        "regex" => $"values matching {c.Regex}",
        "unique" => "every value distinct",
        _ => DistributionCheck.Describe(c.Distribution!),
    };

    public static ExpectationResult Result(string key, string? column, bool passed, string observed, string expected,
        long unexpected = 0, IReadOnlyList<UnexpectedRow>? examples = null) => new()
    {
        Expectation = key,
        Column = column,
        Passed = passed,
        Observed = observed,
        Expected = expected,
        UnexpectedCount = unexpected,
        Examples = examples ?? [],
    };

    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static ExpectationResult Rows(ValidationTable table, string key, ColumnExpectations c, string predicate, string what)
    {
        var (count, examples) = table.Violations(predicate, [c.Name]);
        return Result(key, c.Name, count == 0, $"{count} {what}", Describe(key, c), count, examples);
    }

    private static string Outside(string q, ValueRange range)
    {
        var parts = new List<string>();
        if (range.Min is { } min) parts.Add($"{q} < {SqlText.Double(min)}");
        if (range.Max is { } max) parts.Add($"{q} > {SqlText.Double(max)}");
        return string.Join(" OR ", parts);
    }

    /// <summary>
    /// The allowed values as SQL literals of the column's stored type; words that cannot be such a value are left out,
    /// since no value of the column can equal them (NULL is never added: NOT IN with a NULL is never true).
    /// </summary>
    private static List<string> AllowedLiterals(ColumnInfo info, IReadOnlyList<string> allowed)
    {
        var literals = new List<string>();
        foreach (var word in allowed)
        {
            var value = word.Trim();
            switch (info.Kind)
            {
                case ColumnKind.Categorical or ColumnKind.Text:
                    literals.Add(SqlText.Literal(word));
                    break;
                case ColumnKind.Boolean when TrueWords.Contains(value, StringComparer.OrdinalIgnoreCase):
                    literals.Add(SqlText.Double(1));
                    break;
                case ColumnKind.Boolean when FalseWords.Contains(value, StringComparer.OrdinalIgnoreCase):
                    literals.Add(SqlText.Double(0));
                    break;
                case ColumnKind.Numeric when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                    literals.Add(SqlText.Double(number));
                    break;
                case ColumnKind.DateTime when DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var time):
                    literals.Add(SqlText.Double(time.ToUnixTimeMilliseconds() / 1000.0));
                    break;
            }
        }
        return literals;
    }

    private static string Bound(double? value) => value is { } v ? Number(v) : "null";

    private static string Word(ColumnKind kind) => ExpectationSuiteLoader.KindWords.First(kv => kv.Value == kind).Key;
}
