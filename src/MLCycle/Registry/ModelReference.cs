using System.Globalization;
using System.Text.RegularExpressions;

namespace MLCycle.Registry;

/// <summary>How a caller names a model: "churn" (champion, else latest), "churn@challenger" (an alias) or "churn:3" (a version).</summary>
public sealed partial record ModelReference
{
    /// <summary>The alias a bare model name resolves to when it is set.</summary>
    public const string DefaultAlias = "champion";

    private ModelReference(string name, string? alias, int? version) => (Name, Alias, Version) = (name, alias, version);

    public string Name { get; }
    public string? Alias { get; }
    public int? Version { get; }

    public static ModelReference ForName(string name) => new(RequireModelName(name), null, null);

    public static ModelReference ForAlias(string name, string alias) => new(RequireModelName(name), RequireAlias(alias), null);

    public static ModelReference ForVersion(string name, int version) =>
        version >= 1 ? new(RequireModelName(name), null, version)
            : throw new MLCycleException(ErrorKind.BadSpec, $"Model version must be 1 or more, got {version} for '{name}'.");

    /// <summary>Parses "name", "name@alias" or "name:version"; throws naming the text and the expected forms when it is malformed.</summary>
    public static ModelReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@');
        var colon = text.IndexOf(':');
        if (at >= 0 && colon >= 0)
        {
            throw Malformed(text, "it has both '@' and ':'");
        }
        if (at >= 0)
        {
            return ForAlias(Part(text, text[..at], "model name"), Part(text, text[(at + 1)..], "alias"));
        }
        if (colon >= 0)
        {
            var versionText = Part(text, text[(colon + 1)..], "version");
            if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            {
                throw Malformed(text, $"version '{versionText}' is not a whole number of 1 or more");
            }
            return ForVersion(Part(text, text[..colon], "model name"), version);
        }
        return ForName(Part(text, text, "model name"));
    }

    /// <summary>Throws unless <paramref name="name"/> is a valid model name (letters, digits, '.', '_', '-'; up to 128).</summary>
    public static string RequireModelName(string name)
    {
        if (name is null || !ModelNamePattern().IsMatch(name))
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"'{name}' is not a valid model name: use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        return name;
    }

    /// <summary>Throws unless <paramref name="alias"/> is a valid alias (a letter, then letters, digits, '_', '-'; up to 64).</summary>
    public static string RequireAlias(string alias)
    {
        if (alias is null || !AliasPattern().IsMatch(alias))
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"'{alias}' is not a valid alias: use 1 to 64 letters, digits, '_' or '-', starting with a letter.");
        }
        return alias;
    }

    public override string ToString() =>
        Alias is not null ? $"{Name}@{Alias}" : Version is { } v ? $"{Name}:{v.ToString(CultureInfo.InvariantCulture)}" : Name;

    private static string Part(string text, string part, string what) =>
        part.Length > 0 ? part : throw Malformed(text, $"the {what} is empty");

    private static MLCycleException Malformed(string text, string why) =>
        new(ErrorKind.BadSpec, $"Model reference '{text}' is malformed ({why}): expected 'name', 'name@alias' or 'name:version'.");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex ModelNamePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex AliasPattern();
}
