using System.Globalization;
using System.Text.RegularExpressions;

namespace MLCycle;

/// <summary>
/// The one place that decides whether a name a user gives (model, alias, experiment, column) is acceptable. Patterns are
/// anchored with <c>\A</c> and <c>\z</c>: .NET's <c>$</c> also matches before a final newline, which once let
/// <c>"churn\n"</c> register as a second model that listed as <c>churn</c>.
/// </summary>
public static partial class NameRules
{
    /// <summary>The longest column name accepted where a user names a column.</summary>
    public const int MaxColumnNameLength = 1024;

    /// <summary>The longest experiment name accepted.</summary>
    public const int MaxExperimentNameLength = 256;

    /// <summary>Model names: 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit.</summary>
    public static string ModelName(string? name, string what = "model name") =>
        ModelNamePattern().IsMatch(name ?? "")
            ? name!
            : throw Bad(what, name, "use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");

    /// <summary>Whether <paramref name="name"/> is a valid model name, for callers that report the problem with its own location.</summary>
    public static bool IsModelName(string? name) => ModelNamePattern().IsMatch(name ?? "");

    /// <summary>Aliases: 1 to 64 letters, digits, '_' or '-', starting with a letter.</summary>
    public static string Alias(string? alias) =>
        AliasPattern().IsMatch(alias ?? "")
            ? alias!
            : throw Bad("alias", alias, "use 1 to 64 letters, digits, '_' or '-', starting with a letter");

    /// <summary>User names: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter.</summary>
    public static string UserName(string? name) =>
        UserNamePattern().IsMatch(name ?? "")
            ? name!
            : throw Bad("user name", name, "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter");

    /// <summary>Experiment names: any printable text of 1 to 256 characters, without leading or trailing spaces or hidden characters.</summary>
    public static string ExperimentName(string? name) =>
        IsPrintable(name, MaxExperimentNameLength)
            ? name!
            : throw Bad("experiment name", name, $"use 1 to {MaxExperimentNameLength} printable characters without leading or trailing spaces or control or formatting characters (such as U+202E)");

    /// <summary>
    /// A column a user names (target, sensitive, key, type override): 1 to 1024 characters with no hidden characters (<see cref="IsHidden"/>).
    /// Spaces are allowed inside, since data files have such columns; <paramref name="where"/> says which setting named it.
    /// </summary>
    public static string ColumnName(string? name, string where) =>
        IsPrintable(name, MaxColumnNameLength)
            ? name!
            : throw Bad($"column name in {where}", name, $"use 1 to {MaxColumnNameLength} characters without control or formatting characters (such as U+202E) or leading or trailing spaces");

    /// <summary>The longest part of a name a message shows; a longer one is cut, with its length said.</summary>
    public const int MaxShownLength = 200;

    /// <summary>Whether <paramref name="name"/> is non-empty, at most <paramref name="max"/> long, trimmed, and free of hidden characters.</summary>
    public static bool IsPrintable(string? name, int max) =>
        name is { Length: > 0 } && name.Length <= max && name.Trim().Length == name.Length && !name.Any(IsHidden);

    /// <summary>The name as it may be shown in a message: hidden characters escaped, so a newline cannot forge a line and a
    /// right-to-left override cannot make it read as another name; a very long name is cut.</summary>
    public static string Show(string? name)
    {
        if (name is null) return "(none)";
        var shown = string.Concat(name.Take(MaxShownLength).Select(c => IsHidden(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return name.Length <= MaxShownLength ? shown : $"{shown}... ({name.Length} characters)";
    }

    /// <summary>The longest list of names a message shows; the rest are counted.</summary>
    public const int MaxShownNames = 20;

    /// <summary>Names as a message may list them: each quoted and shown as <see cref="Show"/> shows it, at most
    /// <see cref="MaxShownNames"/> of them, so a spec naming two million columns does not make a message of megabytes.</summary>
    public static string ShowList(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var all = names as IReadOnlyCollection<string> ?? names.ToList();
        var shown = string.Join(", ", all.Take(MaxShownNames).Select(n => $"'{Show(n)}'"));
        return all.Count <= MaxShownNames ? shown : $"{shown} and {all.Count - MaxShownNames} more";
    }

    /// <summary>Characters that are not seen as themselves: controls, and format characters (bidirectional overrides such as
    /// U+202E, zero-width spaces and joiners) and line or paragraph separators, which reorder or split the text around them.</summary>
    public static bool IsHidden(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static MLCycleException Bad(string what, string? name, string rule) =>
        new(ErrorKind.BadSpec, $"'{Show(name)}' is not a valid {what}: {rule}.");

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ModelNamePattern();

    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9_-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();
}
