using System.Security.Cryptography;
using System.Text.Json;

namespace MLCycle.Registry;

/// <summary>
/// The model package on disk: model.zip (the ML.NET chain), network.bin for an <c>mlp</c> model, member-2.zip, ... for the
/// other members of an ensemble, and manifest.json (with the SHA-256 of each).
/// MLCycle's <c>ModelPackageWriter</c> writes it, to a temporary folder renamed into place; this half reads and verifies it. The package hash
/// (<see cref="HashPackageAsync"/>) covers every file and is kept in the registry, not beside them.
/// </summary>
public static class ModelPackage
{
    /// <summary>The ML.NET model inside a package.</summary>
    public const string ModelFile = "model.zip";
    /// <summary>The manifest inside a package.</summary>
    public const string ManifestFile = "manifest.json";
    /// <summary>The neural network of an <c>mlp</c> package, beside the preparation chain in model.zip.</summary>
    public const string NetworkFile = "network.bin";
    /// <summary>What explanations need from the training rows (background sample, tree covers, feature means); packages
    /// written before explanations have none.</summary>
    public const string ExplanationFile = "explain.json";

    /// <summary>The ML.NET model file of an ensemble's member <paramref name="index"/> (0-based): model.zip for the first, then member-2.zip, ...</summary>
    public static string MemberFile(int index) => index == 0 ? ModelFile : $"member-{index + 1}.zip";

    /// <summary>Reads a package's manifest.json; a missing or malformed one is an MLCycleException naming the file.</summary>
    public static async Task<ModelManifest> ReadManifestAsync(string directory, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var path = Path.Combine(directory, ManifestFile);
        if (!File.Exists(path)) throw new MLCycleException(ErrorKind.Tampered, $"Model package '{directory}' has no {ManifestFile}.");
        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<ModelManifest>(stream, ModelPackageJson.Options, ct)
                ?? throw new MLCycleException(ErrorKind.Tampered, $"'{path}' is empty; expected a model manifest.");
        }
        catch (JsonException e)
        {
            throw new MLCycleException(ErrorKind.Tampered, $"'{path}' is not a valid model manifest: {e.Message}", e);
        }
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static async Task<string> HashAsync(string path, CancellationToken ct = default)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    /// <summary>The package hash: SHA-256 over the sorted lines "path SHA-256" of every file in the package folder, so editing,
    /// adding or removing any file (the manifest as much as model.zip) changes it.</summary>
    public static async Task<string> HashPackageAsync(string directory, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var lines = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/');
            lines.Add($"{name} {await HashAsync(file, ct)}\n");
        }
        lines.Sort(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Concat(lines))));
    }
}
