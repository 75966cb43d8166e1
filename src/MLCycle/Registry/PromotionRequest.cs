namespace MLCycle.Registry;

/// <summary>What <see cref="IPromotions.RequestAsync"/> files: point <see cref="Alias"/> of model <see cref="Name"/> at
/// <see cref="Version"/>, asked by <see cref="Requester"/> for <see cref="Reason"/>.</summary>
public sealed record PromotionRequest
{
    public required string Name { get; init; }
    public required int Version { get; init; }
    public string Alias { get; init; } = "champion";
    public required string Requester { get; init; }
    public required string Reason { get; init; }

    /// <summary>How long the request may wait for a decision.</summary>
    public TimeSpan ExpiresIn { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The evidence to store with it; null reads it from the version's run (<see cref="PromotionEvidence"/>).</summary>
    public PromotionEvidence? Evidence { get; init; }

    /// <summary>Reads an expiry such as `12h`, `7d` or `30m` (the spelling of monitor windows, which the registry may not depend on).</summary>
    public static TimeSpan ParseExpiry(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.Length >= 2 && int.TryParse(t[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (char.ToLowerInvariant(t[^1]))
            {
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
            }
        }
        throw new MLCycleException(ErrorKind.BadSpec, $"An expiry is a whole number with m, h or d (30m, 12h, 7d); found '{NameRules.Show(text)}'.");
    }
}
