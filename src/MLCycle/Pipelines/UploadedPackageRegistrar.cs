using MLCycle.Registry;
using MLCycle.Serving;
using MLCycle.Storage;
using MLCycle.Tracking;

namespace MLCycle.Pipelines;

/// <summary>Registers a model version from the package a run uploaded to a server (POST /api/v1/models/{name}/versions, used by
/// <c>mlcycle run --server</c>). The package is checked as serving checks it, every file against its manifest and the models
/// loaded, before its whole-package hash goes into the registry row, so a version published from another machine is held to
/// the same hash as one a local run registered.</summary>
public sealed class UploadedPackageRegistrar(MLCycleStore store)
{
    /// <summary>The package's folder among the run's artifacts, where a local run stores it too.</summary>
    public const string PackageFolder = "model";

    /// <summary>Registers the package under <see cref="PackageFolder"/> of run <paramref name="runId"/> as the next version of
    /// <paramref name="name"/> (which must be <paramref name="expectedVersion"/> when given) and ends the run as Finished if it
    /// is still running, in one transaction; moves no alias. A missing, corrupt or tampered package is
    /// <see cref="ErrorKind.ValidationFailed"/> naming the file; a run that failed, or that already has a version, a conflict.</summary>
    public async Task<ModelVersion> RegisterAsync(string name, string runId, int? expectedVersion, string actor, CancellationToken ct = default)
    {
        ModelReference.RequireModelName(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var run = await store.Tracking.GetRunAsync(runId, ct).ConfigureAwait(false);
        if (run.Status is RunStatus.Failed or RunStatus.Killed)
        {
            throw new MLCycleException(ErrorKind.Conflict, $"Run {run.RunId} ended {run.Status.ToString().ToLowerInvariant()}; a version is registered only from a running or finished run.");
        }
        var packagePath = $"{run.RunId}/{PackageFolder}";
        var hash = await VerifyAsync(run.RunId, store.Artifacts.Resolve(packagePath), ct).ConfigureAwait(false);
        return await store.Registry.RegisterVersionAsync(new VersionRegistration
        {
            Name = name,
            RunId = run.RunId,
            Version = expectedVersion,
            PackagePath = packagePath,
            PackageSha256 = hash,
            Description = $"{run.Tags.GetValueOrDefault("model.algorithm") ?? "model"} from run {run.RunId}",
            Actor = actor,
            Reason = "registered from the run's uploaded package",
            FinishRun = run.Status == RunStatus.Running,
            OncePerRun = true,
        }, ct).ConfigureAwait(false);
    }

    // Hashed before it is verified: a file replaced between the two leaves a hash that no longer matches, which serving refuses.
    private static async Task<string> VerifyAsync(string runId, string root, CancellationToken ct)
    {
        var shown = $"Run {runId}'s package ({PackageFolder}/)";
        if (!Directory.Exists(root))
        {
            throw new MLCycleException(ErrorKind.ValidationFailed,
                $"{shown} was not uploaded: expected {PackageFolder}/{ModelPackage.ManifestFile} and {PackageFolder}/{ModelPackage.ModelFile} among the run's artifacts (PUT /api/v1/runs/{runId}/artifacts/upload?path={PackageFolder}/…).");
        }
        try
        {
            var hash = await ModelPackage.HashPackageAsync(root, ct).ConfigureAwait(false);
            var manifest = await ModelPackage.ReadManifestAsync(root, ct).ConfigureAwait(false);
            using var model = ScoringModel.Create(root, manifest, shown);
            return hash;
        }
        catch (MLCycleException e) when (e.Kind == ErrorKind.Tampered)
        {
            // Tampered means "cannot be served" (503) for a registered version; an upload that fails the same check is the caller's bad input.
            throw new MLCycleException(ErrorKind.ValidationFailed, e.Message.Replace(root, $"{PackageFolder}/", StringComparison.Ordinal), e);
        }
    }
}
