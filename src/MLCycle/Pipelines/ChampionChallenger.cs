using MLCycle.Data;
using MLCycle.Evaluation;
using MLCycle.Metrics;
using MLCycle.Registry;
using MLCycle.Serving;
using MLCycle.Tracking;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>
/// Decides whether a newly trained version takes the <c>champion</c> alias: it must beat the baseline on its test rows
/// (<see cref="BaselineGuard"/>), the gates must pass, and when a champion exists it is scored on the challenger's own
/// test data, so both are judged on the same rows, and a paired test says whether the difference is more than noise.
/// </summary>
public sealed class ChampionChallenger(IModelRegistry registry, ArtifactStore artifacts)
{
    public const string Champion = "champion";
    public const string Challenger = "challenger";

    public async Task<PromotionDecision> DecideAsync(
        string modelName, TrainingOutcome outcome, EvaluationResult challengerTest, EvaluationResult baseline, bool gatesPassed,
        string target, CancellationToken ct = default) =>
        await DecideAsync(modelName, outcome, challengerTest, baseline, gatesPassed, target, new PromotionRule(), ct);

    /// <summary>Decides as above; with <see cref="PromotionRule.RequireSignificance"/> a challenger better only by noise stays challenger.</summary>
    public async Task<PromotionDecision> DecideAsync(
        string modelName, TrainingOutcome outcome, EvaluationResult challengerTest, EvaluationResult baseline, bool gatesPassed,
        string target, PromotionRule rule, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var primary = outcome.PrimaryMetric;
        var challengerScore = challengerTest[primary.Key];
        var champion = await FindChampionAsync(modelName, ct);
        if (BaselineGuard.WorseThanBaseline(outcome.Task, challengerTest, baseline, primary) is { } worse)
        {
            var stays = champion is null ? "" : "; the champion stays";
            return new(false, Challenger, champion?.Version, primary.Key, challengerScore, null,
                $"{worse}, so it is never promoted, whatever the gates say{stays}");
        }
        if (champion is null)
        {
            return gatesPassed
                ? new(true, Champion, null, primary.Key, challengerScore, null, "no champion yet and every gate passed")
                : new(false, Challenger, null, primary.Key, challengerScore, null, "a gate failed, so the new version is only a challenger");
        }

        using var championModel = await LoadedModel.LoadAsync(champion, artifacts, ct);
        var scored = ScoreChampion(championModel, outcome, target, out var why);
        double? championScore = scored?.Evaluation[primary.Key];
        var significance = scored is null ? null : PairedTest.Compare(outcome, target, scored.Predictions, rule.Seed, out why);
        if (!gatesPassed)
            return new(false, Challenger, champion.Version, primary.Key, challengerScore, championScore, "a gate failed, so the champion stays") { Significance = significance };
        if (championScore is null)
            return new(true, Champion, champion.Version, primary.Key, challengerScore, null, $"the champion cannot score the new test data ({why}); the gates passed");

        var better = primary.HigherIsBetter ? challengerScore > championScore : challengerScore < championScore;
        var comparison = $"{primary.Key} {challengerScore:0.####} vs champion v{champion.Version} {championScore:0.####} on the same test rows";
        if (!better)
            return new(false, Challenger, champion.Version, primary.Key, challengerScore, championScore, $"champion is as good or better: {comparison}") { Significance = significance };
        if (!rule.RequireSignificance)
            return new(true, Champion, champion.Version, primary.Key, challengerScore, championScore, $"challenger is better: {comparison}") { Significance = significance };
        if (significance is null)
            return new(false, Challenger, champion.Version, primary.Key, challengerScore, championScore,
                $"challenger scores better ({comparison}) but promote_if: significant could not be tested ({why}), so the champion stays");
        return significance.SignificantlyBetter(primary.HigherIsBetter)
            ? new(true, Champion, champion.Version, primary.Key, challengerScore, championScore, $"challenger is significantly better: {comparison}; {significance}") { Significance = significance }
            : new(false, Challenger, champion.Version, primary.Key, challengerScore, championScore,
                $"challenger is better only by noise (promote_if: significant needs p < {PairedComparison.Alpha}): {comparison}; {significance}") { Significance = significance };
    }

    private async Task<ModelVersion?> FindChampionAsync(string modelName, CancellationToken ct)
    {
        var models = await registry.ListModelsAsync(ct);
        var model = models.FirstOrDefault(m => m.Name == modelName);
        if (model is null || !model.Aliases.TryGetValue(Champion, out var version)) return null;
        return await registry.GetVersionAsync(modelName, version, ct);
    }

    private static ChampionScores? ScoreChampion(LoadedModel champion, TrainingOutcome outcome, string target, out string? why)
    {
        why = null;
        var test = outcome.TestSet;
        var result = champion.Score(test.Without([target]));
        if (!result.IsValid)
        {
            var first = result.Errors[0];
            why = $"row {first.Row + 1}, column '{first.Field}': {first.Reason}";
            return null;
        }
        var predictions = result.Predictions.Select(p => p!).ToList();
        var evaluation = outcome.Task == TaskKind.Regression
            ? ModelEvaluator.Evaluate(test[target].Numbers!, predictions)
            : ModelEvaluator.Evaluate(outcome.Task, test[target].FormatAll(), predictions, outcome.Classes, outcome.PositiveClass);
        return new ChampionScores(predictions, evaluation);
    }

    private sealed record ChampionScores(IReadOnlyList<Prediction> Predictions, EvaluationResult Evaluation);
}
