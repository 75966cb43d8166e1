using MLCycle.Registry;
using MLCycle.Storage;

namespace MLCycle.Pipelines;

/// <summary>
/// The last step of a run: puts the staged package and run files into the store, then registers the version, moves its
/// alias and ends the run in one transaction; a winner on a protected champion then files an approval request.
/// </summary>
internal sealed class RunPublisher(MLCycleStore store)
{
    private static readonly string[] RunFiles =
        ["report.html", "spec.yaml", "profile.json", PipelineRunner.ImportanceFile, ModelCards.JsonFile, ModelCards.MarkdownFile, ModelCards.HtmlFile];

    // Artifacts land in the store first (each under a temporary name, then renamed); only then does one transaction register
    // the version, move its alias and end the run, so the registry never names a package that is not all there.
    public async Task<RunSummary> PublishAsync(PipelineSpec spec, RunSummary summary, string packageHash, StagingFolder staging,
        IProgress<string>? progress, CancellationToken ct)
    {
        progress?.Report("Registering the model");
        var runId = summary.RunId;
        var packagePath = await store.Artifacts.PutDirectoryAsync(runId, "model", staging.PathOf("model"), ct);
        foreach (var file in RunFiles) await store.Artifacts.PutFileAsync(runId, file, staging.PathOf(file), ct);
        await store.Registry.RegisterVersionAsync(new VersionRegistration
        {
            Name = spec.Name,
            RunId = runId,
            Version = summary.ModelVersion,
            PackagePath = packagePath,
            PackageSha256 = packageHash,
            Description = $"{summary.Winner} from run {runId}",
            Alias = summary.Promotion.Alias,
            Actor = Environment.UserName,
            Reason = summary.Promotion.Reason,
            FinishRun = true,
        }, ct);
        return await RequestApprovalAsync(summary, ct);
    }

    // A winner on a protected champion waits for another person's approval; the request carries the run's own evidence.
    private async Task<RunSummary> RequestApprovalAsync(RunSummary summary, CancellationToken ct)
    {
        if (!summary.Promotion.AwaitsApproval) return summary;
        var request = await store.Promotions.RequestAsync(new PromotionRequest
        {
            Name = summary.ModelName, Version = summary.ModelVersion, Alias = ChampionChallenger.Champion, Requester = Environment.UserName,
            Reason = $"run {summary.RunId}: {summary.Promotion.Reason}",
        }, ct);
        return summary with { Promotion = summary.Promotion with { ApprovalRequestId = request.Id } };
    }
}
