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
        ModelManifest manifest;
        try
        {
            manifest = await ModelPackage.ReadManifestAsync(root, ct).ConfigureAwait(false);
        }
        catch (MLCycleException)
        {
            return $"{ModelPackage.ManifestFile} was changed after registration";
        }
        // Files the manifest lists (network.bin, explain.json) belong to the package; any other file was added.
        var extra = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => f != ModelPackage.ManifestFile && !manifest.Files.ContainsKey(f))
            .Order(StringComparer.Ordinal).FirstOrDefault();
        if (extra is not null) return $"'{extra}' was added after registration";
        foreach (var (name, listed) in manifest.Files.OrderBy(f => f.Key != ModelPackage.ModelFile).ThenBy(f => f.Key, StringComparer.Ordinal))
        {
            var path = Path.GetFullPath(Path.Combine(root, name));
            // A name leading out of the package is not followed: only an edited manifest can hold one.
            if (!path.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal)) break;
            if (!File.Exists(path)) return $"{name} is missing";
            if (!string.Equals(listed, await ModelPackage.HashAsync(path, ct).ConfigureAwait(false), StringComparison.OrdinalIgnoreCase))
            {
                return $"{name} was changed after registration";
            }
        }
        return $"{ModelPackage.ManifestFile} was changed after registration";
    }
}
