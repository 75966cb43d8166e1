using System.Globalization;

namespace MLCycle.Registry;

/// <summary>A route of a model's default (bare-name) reference: a shadow or a canary pointing at an alias or a version, with the
/// canary's share of requests in percent, and who set it when. A model has at most one route of each kind.</summary>
public sealed record ModelRoute(string Name, RouteKind Kind, string? Alias, int? Version, double? SharePercent, string Actor, DateTimeOffset Time)
{
    /// <summary>The reference the route sends traffic to ("churn@challenger" or "churn:3").</summary>
    public ModelReference Target => Alias is not null ? ModelReference.ForAlias(Name, Alias) : ModelReference.ForVersion(Name, Version!.Value);

    /// <summary>The target as a user writes it: the alias, or the version number.</summary>
    public string TargetText => Alias ?? Version!.Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a route target as the CLI takes it: a whole number is a version, anything else an alias.</summary>
    public static ModelReference ParseTarget(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? ModelReference.ForVersion(name, version)
            : ModelReference.ForAlias(name, text);
    }

    /// <summary>Reads a canary share such as "10%" or "2.5%"; throws naming the text unless it is a percentage above 0 and below 100.</summary>
    public static double ParseShare(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var number = text.Trim().TrimEnd('%');
        if (!text.Trim().EndsWith('%') || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var share) || share <= 0 || share >= 100)
        {
            throw new MLCycleException(ErrorKind.BadSpec,
                $"Canary share '{NameRules.Show(text)}' is not a percentage above 0 and below 100, such as '10%'.");
        }
        return share;
    }
}
