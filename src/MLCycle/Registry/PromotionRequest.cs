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

    /// <summary>Reads an expiry such as `12h`, `7d` or `30m` (<see cref="DurationText"/>, as monitor windows are spelt).</summary>
    public static TimeSpan ParseExpiry(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DurationText.Parse(text, "mhd") ?? throw new MLCycleException(ErrorKind.BadSpec, $"An expiry is a whole number with m, h or d (30m, 12h, 7d); found '{NameRules.Show(text)}'.");
    }
}
