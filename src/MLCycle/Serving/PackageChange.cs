using MLCycle.Registry;

namespace MLCycle.Serving;

/// <summary>Says which part of a package changed once its hash no longer matches the registry: the registry keeps one hash for the
/// whole package, and the manifest's own hash of model.zip tells a changed model from a changed manifest.</summary>
internal static class PackageChange
{
    public static async Task<string> DescribeAsync(string root, CancellationToken ct)
    {
        var manifestPath = Path.Combine(root, ModelPackage.ManifestFile);
        var modelPath = Path.Combine(root, ModelPackage.ModelFile);
        if (!File.Exists(manifestPath)) return $"{ModelPackage.ManifestFile} is missing";
        if (!File.Exists(modelPath)) return $"{ModelPackage.ModelFile} is missing";
        var extra = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => f is not ModelPackage.ManifestFile and not ModelPackage.ModelFile)
            .Order(StringComparer.Ordinal).FirstOrDefault();
        if (extra is not null) return $"'{extra}' was added after registration";
        try
        {
            var manifest = await ModelPackage.ReadManifestAsync(root, ct).ConfigureAwait(false);
            var modelHash = await ModelPackage.HashAsync(modelPath, ct).ConfigureAwait(false);
            return manifest.Files.TryGetValue(ModelPackage.ModelFile, out var listed) && string.Equals(listed, modelHash, StringComparison.OrdinalIgnoreCase)
                ? $"{ModelPackage.ManifestFile} was changed after registration"
                : $"{ModelPackage.ModelFile} was changed after registration";
        }
        catch (MLCycleException)
        {
            return $"{ModelPackage.ManifestFile} was changed after registration";
        }
    }
}
