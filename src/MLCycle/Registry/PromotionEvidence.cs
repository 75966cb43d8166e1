using MLCycle.Evaluation.Fairness;
using MLCycle.Tracking;

namespace MLCycle.Registry;

/// <summary>What an approver sees beside a request: the version's test metrics and, when its run compared it with the champion,
/// the champion's score on the same test rows, the paired test, the gates and the fairness per sensitive column. Drift results
/// are not stored by the store, so none are carried.</summary>
public sealed record PromotionEvidence
{
    public required string RunId { get; init; }

    /// <summary>The version's metrics on its test rows ("auc" → 0.84), from its run.</summary>
    public IReadOnlyDictionary<string, double> TestMetrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The champion its run was compared with, and that champion's metrics on the same test rows, when recorded.</summary>
    public int? ChampionVersion { get; init; }
    public IReadOnlyDictionary<string, double> ChampionMetrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The run's promotion decision in words, its paired test and its gate results, as the run logged them.</summary>
    public string? Comparison { get; init; }
    public string? Significance { get; init; }
    public string? Gates { get; init; }
    public IReadOnlyList<FairnessColumn>? Fairness { get; init; }

    /// <summary>Run tags and metrics the champion comparison writes (see <c>RunLog.LogDecisionAsync</c>).</summary>
    public const string ChampionVersionTag = "promotion.champion_version";
    public const string ChampionMetricPrefix = "champion.test.";

    /// <summary>Reads the evidence of <paramref name="version"/> from its run and its package's manifest; a package that cannot
    /// be read leaves fairness out rather than failing the request.</summary>
    public static async Task<PromotionEvidence> ReadAsync(ITrackingStore tracking, ArtifactStore artifacts, ModelVersion version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentNullException.ThrowIfNull(artifacts);
        ArgumentNullException.ThrowIfNull(version);
        var run = await tracking.GetRunAsync(version.RunId, ct).ConfigureAwait(false);
        IReadOnlyList<FairnessColumn>? fairness = null;
        try
        {
            fairness = (await ModelPackage.ReadManifestAsync(artifacts.Resolve(version.PackagePath), ct).ConfigureAwait(false)).Fairness;
        }
        catch (MLCycleException)
        {
            // A missing or broken package is a fact for the approver to find when serving refuses it, not a reason to refuse the request.
        }
        return new PromotionEvidence
        {
            RunId = run.RunId,
            TestMetrics = Prefixed(run, "test."),
            ChampionVersion = run.Tags.TryGetValue(ChampionVersionTag, out var champion) && int.TryParse(champion, out var v) ? v : null,
            ChampionMetrics = Prefixed(run, ChampionMetricPrefix),
            Comparison = run.Tags.GetValueOrDefault("promotion.reason"),
            Significance = run.Tags.GetValueOrDefault("promotion.significance"),
            Gates = run.Tags.GetValueOrDefault("gates") is { Length: > 0 } gates ? gates : null,
            Fairness = fairness,
        };
    }

    // Only the winner's own test metrics: "test.auc", not a candidate's "test.LightGbm.auc".
    private static Dictionary<string, double> Prefixed(Run run, string prefix) =>
        run.Metrics.Where(m => m.Key.StartsWith(prefix, StringComparison.Ordinal) && !m.Key.AsSpan(prefix.Length).Contains('.'))
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .ToDictionary(m => m.Key[prefix.Length..], m => m.Value.Value, StringComparer.Ordinal);
}
