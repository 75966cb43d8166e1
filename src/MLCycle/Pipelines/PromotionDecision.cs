using MLCycle.Evaluation;

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
    string Reason)
{
    /// <summary>The paired test of challenger against champion on the same test rows; null without a champion that could score them.</summary>
    public PairedDifference? Significance { get; init; }

    /// <summary>Whether the challenger won but the champion alias is protected, so the run files an approval request instead.</summary>
    public bool AwaitsApproval { get; init; }

    /// <summary>The approval request the run filed for the champion alias, when <see cref="AwaitsApproval"/>.</summary>
    public long? ApprovalRequestId { get; init; }
}
