using System.Net;
using MLCycle.Client;
using MLCycle.Pipelines;
using MLCycle.Registry;
using MLCycle.Storage;

namespace MLCycle.Cli.Remote;

/// <summary>`mlcycle run SPEC --server URL`: trains here against a throwaway staging store that holds a copy of the server's champion
/// (so the challenger is compared with it on the same test rows, as a local run does), then publishes the run to the server: the run
/// under the id the server gave it, its params, metrics and tags, its trials as child runs, its artifacts and package, the version, and the
/// alias decision. The staging store is removed afterwards, also on failure; a run whose client died is ended by the next one
/// (<see cref="AbandonedRuns"/>). See docs/adr/0044-run-against-a-server.md and 0050.</summary>
public sealed class ServerRun(MLCycleClient client)
{
    private const string MirrorExperiment = "server-champion";

    /// <summary>Runs <paramref name="input"/> and publishes it; a failure before the version is registered ends the server's run Failed.</summary>
    public async Task<RunSummary> RunAsync(PreparedInput input, IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = input.Spec.Name;
        using var staging = new StagingFolder();
        await using var store = await MLCycleStore.OpenAsync(staging.PathOf("store"), ct);
        progress?.Report($"Copying the server's champion of '{name}' for the comparison");
        await SeedAsync(store, name, staging, ct);
        var remote = await client.StartRunAsync(name, $"{name} {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}", AbandonedRuns.OwnerTags, ct);
        ModelVersionInfo version;
        RunSummary summary;
        IReadOnlyDictionary<string, string> trialRuns;
        try
        {
            var abandoned = await AbandonedRuns.EndAsync(client, name, ct);
            if (abandoned.Count > 0) progress?.Report($"Marked Killed: {abandoned.Count} run(s) of '{name}' whose client on this host died before ending them ({string.Join(", ", abandoned)})");
            summary = await new PipelineRunner(store) { RunId = remote.RunId }.RunAsync(input, progress, ct);
            progress?.Report($"Publishing run {remote.RunId} to {client.Server}");
            trialRuns = await new RunPublisher(client, store, progress).PublishAsync(remote, ct);
            progress?.Report($"Registering version {summary.ModelVersion} of '{name}' on the server");
            version = await client.RegisterVersionAsync(name, remote.RunId, summary.ModelVersion, ct);
        }
        catch (Exception e)
        {
            // The server's run must not stay Running: it ends Failed with the reason, and no version names it.
            await EndFailedAsync(remote, e.Message);
            throw;
        }
        progress?.Report($"Applying the decision to '{name}' on the server");
        var decision = await ApplyDecisionAsync(name, version.Version, summary.Promotion, ct);
        // The staging copies are gone once this returns: the paths shown are where the server keeps them.
        var artifacts = $"{client.Server}api/v1/runs/{remote.RunId}/artifacts";
        return summary with
        {
            ModelVersion = version.Version, Promotion = decision,
            Trials = [.. summary.Trials.Select(t => t with { RunId = t.RunId is { } id ? trialRuns.GetValueOrDefault(id) : null })],
            PackagePath = $"{artifacts}?path={UploadedPackageRegistrar.PackageFolder}", ReportPath = $"{artifacts}/download?path=report.html",
        };
    }

    // The staging registry gets the server's version numbers (so the report names the number the server will give) and the champion's
    // package, checked against the hash the server's registry keeps for it. Versions other than the champion are placeholders: the
    // comparison reads only the champion.
    private async Task SeedAsync(MLCycleStore store, string name, StagingFolder staging, CancellationToken ct)
    {
        Client.ModelDetail detail;
        try
        {
            detail = await client.GetModelAsync(name, ct);
        }
        catch (MLCycleApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return;
        }
        if (detail.Versions.Count == 0) return;
        var mirror = await store.Tracking.CreateRunAsync(MirrorExperiment, $"copy of '{name}' on {client.Server}", ct: ct);
        var champion = detail.Model.Aliases.TryGetValue(ChampionChallenger.Champion, out var c) ? detail.Versions.FirstOrDefault(v => v.Version == c) : null;
        var championPath = champion is null ? null : await DownloadPackageAsync(store, mirror.RunId, champion, staging, ct);
        for (var v = 1; v <= detail.Versions.Max(x => x.Version); v++)
        {
            var isChampion = v == champion?.Version;
            await store.Registry.RegisterVersionAsync(new VersionRegistration
            {
                Name = name, RunId = mirror.RunId, Version = v, PackagePath = isChampion ? championPath! : "(kept on the server)",
                PackageSha256 = isChampion ? champion!.PackageSha256 : null, Alias = isChampion ? ChampionChallenger.Champion : null,
                Description = $"server version {v}", Reason = "copied from the server for the comparison",
            }, ct);
        }
    }

    private async Task<string> DownloadPackageAsync(MLCycleStore store, string mirrorRunId, ModelVersionInfo champion, StagingFolder staging, CancellationToken ct)
    {
        var prefix = champion.PackagePath.StartsWith(champion.RunId + "/", StringComparison.Ordinal) ? champion.PackagePath[(champion.RunId.Length + 1)..] : champion.PackagePath;
        var folder = staging.PathOf("champion");
        var files = (await client.ListArtifactsAsync(champion.RunId, ct)).Where(f => f.Path.StartsWith(prefix + "/", StringComparison.Ordinal)).ToList();
        if (files.Count == 0)
        {
            throw new MLCycleException(ErrorKind.Tampered, $"Model '{champion.Name}' version {champion.Version} (the server's champion) has no package files on the server; it cannot be compared with.");
        }
        foreach (var file in files)
        {
            await client.DownloadArtifactAsync(champion.RunId, file.Path, Path.Combine(folder, file.Path[(prefix.Length + 1)..]), ct);
        }
        return await store.Artifacts.PutDirectoryAsync(mirrorRunId, UploadedPackageRegistrar.PackageFolder, folder, ct);
    }

    // The decision was made against the server's champion; what it may do there depends on the server. A winner on a protected champion
    // (protected by default on a server), or on one the caller may not move, gets an approval request for another person to decide and,
    // as a local run does, the challenger alias when the caller may move it; an alias move the caller may not make is said, not faked.
    private async Task<PromotionDecision> ApplyDecisionAsync(string name, int version, PromotionDecision decision, CancellationToken ct)
    {
        var reason = $"mlcycle run: {decision.Reason}";
        if (!decision.Promoted) return decision with { Reason = decision.Reason + await TryMoveAsync(name, decision.Alias, version, reason, ct) };
        // Asked first: the route refuses an editor (403) before it would say the alias is protected (409).
        var isProtected = (await client.GetModelAsync(name, ct)).ProtectedAliases.GetValueOrDefault(ChampionChallenger.Champion);
        var direct = isProtected ? $"; {ChampionChallenger.Champion} is protected on the server" : await TryMoveAsync(name, ChampionChallenger.Champion, version, reason, ct);
        if (direct.Length == 0) return decision;
        var request = await client.RequestPromotionAsync(name, version, reason, ChampionChallenger.Champion, ct: ct);
        var challenger = await TryMoveAsync(name, ChampionChallenger.Challenger, version, reason, ct);
        return decision with
        {
            Promoted = false, Alias = ChampionChallenger.Challenger, AwaitsApproval = true, ApprovalRequestId = request.Id,
            Reason = $"{decision.Reason}{direct}, so approval request #{request.Id} was filed for another approver{challenger}",
        };
    }

    /// <summary>Moves the alias; "" when it moved, else why not (a protected alias, or a caller who is not an approver of the model).</summary>
    private async Task<string> TryMoveAsync(string name, string alias, int version, string reason, CancellationToken ct)
    {
        try
        {
            await client.SetAliasAsync(name, alias, version, reason, ct);
            return "";
        }
        catch (MLCycleApiException e) when (e.Status is HttpStatusCode.Forbidden or HttpStatusCode.Conflict)
        {
            return e.Status == HttpStatusCode.Conflict ? $"; {alias} is protected on the server" : $"; {alias} was not moved on the server (moving it needs an approver of '{name}')";
        }
    }

    private static async Task EndFailedAsync(ActiveRun remote, string error)
    {
        try
        {
            await remote.FailAsync(error);
        }
        catch (MLCycleApiException)
        {
            // The original failure is what the caller must see; a server that also refuses the end leaves the run to its own clean-up.
        }
    }
}
