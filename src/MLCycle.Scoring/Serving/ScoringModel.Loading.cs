using System.Security.Cryptography;
using Microsoft.ML;
using MLCycle.Preparation.Treatments;
using MLCycle.Registry;
using MLCycle.Training.Neural;

namespace MLCycle.Serving;

/// <summary>Loading: a package folder checked file by file against its manifest (and as a whole against the registry's hash)
/// before any of it is trusted.</summary>
public sealed partial class ScoringModel
{
    /// <summary>Loads a package folder after checking every file's SHA-256 against its manifest and, when given, the whole
    /// package against <paramref name="expectedPackageSha256"/> (the hash the registry keeps, so an edited manifest is refused
    /// too). A mismatch or missing file is refused as <see cref="ErrorKind.Tampered"/>; errors name the folder.</summary>
    public static ScoringModel Load(string packageDirectory, string? expectedPackageSha256 = null) =>
        // Run on the pool so a caller with a synchronisation context (a UI thread) cannot deadlock on the file reads.
        System.Threading.Tasks.Task.Run(() => LoadAsync(packageDirectory, expectedPackageSha256)).GetAwaiter().GetResult();

    /// <summary>Loads a package folder as <see cref="Load"/> does, reading its files asynchronously.</summary>
    public static async Task<ScoringModel> LoadAsync(string packageDirectory, string? expectedPackageSha256 = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packageDirectory);
        var root = Path.GetFullPath(packageDirectory);
        var shown = $"Model package '{packageDirectory}'";
        if (!Directory.Exists(root)) throw new MLCycleException(ErrorKind.Tampered, $"Model package folder '{packageDirectory}' does not exist.");
        if (expectedPackageSha256 is not null) await CheckPackageHashAsync(root, expectedPackageSha256, shown, "the expected package hash", ct).ConfigureAwait(false);
        var manifest = await ModelPackage.ReadManifestAsync(root, ct).ConfigureAwait(false);
        return Create(root, manifest, shown);
    }

    /// <summary>Refuses a package whose hash over all its files (<see cref="ModelPackage.HashPackageAsync"/>) is not <paramref name="expected"/>,
    /// saying which files changed.</summary>
    internal static async Task CheckPackageHashAsync(string root, string expected, string shown, string whose, CancellationToken ct)
    {
        if (!string.Equals(await ModelPackage.HashPackageAsync(root, ct).ConfigureAwait(false), expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown} does not match {whose}: {await PackageChange.DescribeAsync(root, ct).ConfigureAwait(false)}; refusing it as tampered.");
        }
    }

    /// <summary>Verifies every file the manifest lists and loads the models; <paramref name="shown"/> names the package in errors.</summary>
    internal static ScoringModel Create(string root, ModelManifest manifest, string shown)
    {
        if (!manifest.Files.ContainsKey(ModelPackage.ModelFile))
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: manifest lists no hash for {ModelPackage.ModelFile}; refusing an unverifiable package.");
        }
        foreach (var (name, expected) in manifest.Files) Verify(root, name, expected, shown);
        // A binary model's predictions name its two classes (ADR 0075): a manifest listing another number, or one twice, would
        // fail only when an answer or a log row is written, after the request was counted as scored.
        if (manifest.Task == TaskKind.Binary && (manifest.Classes.Count != 2 || manifest.Classes[0] == manifest.Classes[1]))
        {
            throw new MLCycleException(ErrorKind.Tampered,
                $"{shown}: its manifest describes a binary model with classes [{string.Join(", ", manifest.Classes.Select(NameRules.Show))}]; expected two different classes; refusing it.");
        }
        var ml = new MLContext(seed: 1);
        TreatmentChain.Register(ml);
        var model = LoadZip(ml, root, ModelPackage.ModelFile, shown);
        var network = LoadNetwork(root, manifest, shown);
        var members = LoadMembers(ml, root, manifest, shown);
        try
        {
            return new ScoringModel(manifest, ml, model, network, members);
        }
        catch (InvalidDataException e)
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: {ModelPackage.NetworkFile} does not fit {ModelPackage.ModelFile}: {e.Message}; refusing it.", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: the inputs in {ModelPackage.ManifestFile} do not match what {ModelPackage.ModelFile} expects: {e.Message}", e);
        }
    }

    private static ITransformer LoadZip(MLContext ml, string root, string file, string shown)
    {
        try
        {
            using var stream = File.OpenRead(Path.Combine(root, file));
            return ml.Model.Load(stream, out _);
        }
        // ML.NET reports a corrupt archive with many exception types; every one of them means the same thing here.
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: {file} cannot be loaded by ML.NET ({e.GetType().Name}); refusing it as corrupt.", e);
        }
    }

    // An ensemble's member models, each a file the manifest hashes (so verified above); null for a single model.
    private static IReadOnlyList<ITransformer>? LoadMembers(MLContext ml, string root, ModelManifest manifest, string shown)
    {
        if (manifest.Ensemble is not { } entries) return null;
        if (entries.Count == 0) throw new MLCycleException(ErrorKind.Tampered, $"{shown}: its manifest describes an ensemble without members; refusing it.");
        foreach (var entry in entries)
        {
            if (!manifest.Files.ContainsKey(entry.File))
                throw new MLCycleException(ErrorKind.Tampered, $"{shown}: ensemble member '{entry.File}' ({entry.Algorithm}) has no hash in the manifest; refusing an unverifiable package.");
            if (!(double.IsFinite(entry.Weight) && entry.Weight > 0))
                throw new MLCycleException(ErrorKind.Tampered, $"{shown}: ensemble member '{entry.File}' has weight {entry.Weight}; expected a positive number.");
        }
        return entries.Select(e => LoadZip(ml, root, e.File, shown)).ToList();
    }

    // An mlp package's network, already verified against the manifest's hash; null for a package whose chain ends in a trainer.
    private static MlpNetwork? LoadNetwork(string root, ModelManifest manifest, string shown)
    {
        if (!manifest.Files.ContainsKey(ModelPackage.NetworkFile))
        {
            return manifest.Algorithm == "mlp"
                ? throw new MLCycleException(ErrorKind.Tampered, $"{shown} is an mlp model but its manifest lists no {ModelPackage.NetworkFile}; refusing an incomplete package.")
                : null;
        }
        MlpNetwork network;
        try
        {
            using var stream = File.OpenRead(Path.Combine(root, ModelPackage.NetworkFile));
            network = MlpNetwork.Load(stream);
        }
        catch (MLCycleException e)
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: {ModelPackage.NetworkFile} cannot be read ({e.Message}); refusing it as corrupt.", e);
        }
        var outputs = manifest.Task == TaskKind.Multiclass ? manifest.Classes.Count : 1;
        if (network.Task != manifest.Task || network.OutputCount != outputs)
        {
            throw new MLCycleException(ErrorKind.Tampered,
                $"{shown}: {ModelPackage.NetworkFile} is a {TaskName(network.Task)} network with {network.OutputCount} output(s), but the manifest describes {TaskName(manifest.Task)} with {outputs}; refusing it.");
        }
        return network;
    }

    private static string TaskName(TaskKind task) => task.ToString().ToLowerInvariant();

    private static void Verify(string root, string name, string expected, string shown)
    {
        var path = Path.GetFullPath(Path.Combine(root, name));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: manifest names file '{name}' outside the package; refusing it.");
        }
        if (!File.Exists(path)) throw new MLCycleException(ErrorKind.Tampered, $"{shown} is missing '{name}', which its manifest lists; refusing it as tampered.");
        using var stream = File.OpenRead(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new MLCycleException(ErrorKind.Tampered, $"{shown}: '{name}' has SHA-256 {actual} but the manifest says {expected}; refusing it as tampered.");
        }
    }
}
