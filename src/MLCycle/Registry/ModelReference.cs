using System.Globalization;

namespace MLCycle.Registry;

/// <summary>How a caller names a model: "churn" (champion, else latest), "churn@challenger" (an alias) or "churn:3" (a version).</summary>
public sealed record ModelReference
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

    /// <summary>Throws unless <paramref name="name"/> is a valid model name (<see cref="NameRules.ModelName"/>).</summary>
    public static string RequireModelName(string name) => NameRules.ModelName(name);

    /// <summary>Throws unless <paramref name="alias"/> is a valid alias (<see cref="NameRules.Alias"/>).</summary>
    public static string RequireAlias(string alias) => NameRules.Alias(alias);

    public override string ToString() =>
        Alias is not null ? $"{Name}@{Alias}" : Version is { } v ? $"{Name}:{v.ToString(CultureInfo.InvariantCulture)}" : Name;

    private static string Part(string text, string part, string what) =>
        part.Length > 0 ? part : throw Malformed(text, $"the {what} is empty");

    private static MLCycleException Malformed(string text, string why) =>
        new(ErrorKind.BadSpec, $"Model reference '{NameRules.Show(text)}' is malformed ({why}): expected 'name', 'name@alias' or 'name:version'.");
}
