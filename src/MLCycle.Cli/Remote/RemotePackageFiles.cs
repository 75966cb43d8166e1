using System.Net;
using System.Text.Json;
using MLCycle.Client;
using MLCycle.Evaluation;
using MLCycle.Pipelines;
using MLCycle.Registry;

namespace MLCycle.Cli.Remote;

/// <summary>What `models show` reads from a version's files rather than the registry (its manifest's treatments and fairness, the
/// run's permutation importance), downloaded from the server's artifacts of the version's run.</summary>
public static class RemotePackageFiles
{
    /// <summary>The version's manifest and importance; each is null when the server has no such file or the caller may not read the
    /// run's experiment, so `models show` prints what it can rather than failing on a part it only adds.</summary>
    public static async Task<(ModelManifest? Manifest, IReadOnlyList<FeatureImportance>? Importance)> ReadAsync(
        MLCycleClient client, ModelVersion version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(version);
        var package = version.PackagePath.StartsWith(version.RunId + "/", StringComparison.Ordinal) ? version.PackagePath[(version.RunId.Length + 1)..] : UploadedPackageRegistrar.PackageFolder;
        var manifest = await ReadJsonAsync<ModelManifest>(client, version.RunId, $"{package}/{ModelPackage.ManifestFile}", ct);
        var importance = await ReadJsonAsync<List<FeatureImportance>>(client, version.RunId, PipelineRunner.ImportanceFile, ct);
        return (manifest, importance);
    }

    private static async Task<T?> ReadJsonAsync<T>(MLCycleClient client, string runId, string path, CancellationToken ct) where T : class
    {
        var file = Path.Combine(Path.GetTempPath(), $"mlcycle-show-{Guid.NewGuid():N}.json");
        try
        {
            await client.DownloadArtifactAsync(runId, path, file, ct);
            await using var stream = File.OpenRead(file);
            return await JsonSerializer.DeserializeAsync<T>(stream, ModelPackageJson.Options, ct);
        }
        catch (MLCycleApiException e) when (e.Status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            return null;
        }
        catch (JsonException e)
        {
            throw new MLCycleException(ErrorKind.BadData, $"The server's artifact '{path}' of run {runId} is not valid JSON: {e.Message}", e);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
