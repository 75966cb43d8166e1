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

    /// <summary>Experiment names: any printable text of 1 to 256 characters, without leading or trailing spaces.</summary>
    public static string ExperimentName(string? name) =>
        IsPrintable(name, MaxExperimentNameLength)
            ? name!
            : throw Bad("experiment name", name, $"use 1 to {MaxExperimentNameLength} printable characters without leading or trailing spaces or control characters");

    /// <summary>
    /// A column a user names (target, sensitive, key, type override): 1 to 1024 characters with no control characters.
    /// Spaces are allowed inside, since data files have such columns; <paramref name="where"/> says which setting named it.
    /// </summary>
    public static string ColumnName(string? name, string where) =>
        IsPrintable(name, MaxColumnNameLength)
            ? name!
            : throw Bad($"column name in {where}", name, $"use 1 to {MaxColumnNameLength} characters without control characters or leading or trailing spaces");

    /// <summary>Whether <paramref name="name"/> is non-empty, at most <paramref name="max"/> long, trimmed, and free of control characters.</summary>
    public static bool IsPrintable(string? name, int max) =>
        name is { Length: > 0 } && name.Length <= max && name.Trim().Length == name.Length && !name.Any(char.IsControl);

    /// <summary>The name as it may be shown in a message: control characters escaped, so a newline cannot forge a line.</summary>
    public static string Show(string? name) =>
        name is null ? "(none)" : string.Concat(name.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    private static MLCycleException Bad(string what, string? name, string rule) =>
        new(ErrorKind.BadSpec, $"'{Show(name)}' is not a valid {what}: {rule}.");

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ModelNamePattern();

    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9_-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AliasPattern();
}
