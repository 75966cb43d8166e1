namespace MLCycle.Pipelines;

/// <summary>
/// Whether the new version became champion, and why: the champion and challenger scored on the same test data.
/// </summary>
public sealed record PromotionDecision(
    bool Promoted,
    string Alias,
    int? ChampionVersion,
    string Metric,
    double ChallengerScore,
    double? ChampionScore,
    string Reason);
