using System.Text.Json;
using MLCycle.Evaluation.Explanations;
using MLCycle.Training;

namespace MLCycle.Registry;

/// <summary>
/// Writes model packages: a training-side extension of <see cref="ModelPackage"/>, kept out of MLCycle.Scoring because it
/// needs the trained model and the explanation basis. Written to a temporary folder and renamed, so a crash never leaves a
/// half-written package.
/// </summary>
public static class ModelPackageWriter
{
    extension(ModelPackage)
    {
        /// <summary>Writes model.zip and manifest.json (its Files set to the hash of model.zip) to <paramref name="directory"/>, replacing any
        /// package there, and returns the package hash to register.</summary>
        public static async Task<string> SaveAsync(string directory, TrainedModel model, ModelManifest manifest, CancellationToken ct = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(directory);
            ArgumentNullException.ThrowIfNull(model);
            ArgumentNullException.ThrowIfNull(manifest);
            var target = Path.GetFullPath(directory);
            var parent = Path.GetDirectoryName(target) ?? throw new MLCycleException(ErrorKind.BadSpec, $"Model package folder '{directory}' has no parent folder.");
            Directory.CreateDirectory(parent);
            var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
            Directory.CreateDirectory(temp);
            try
            {
                var modelPath = Path.Combine(temp, ModelPackage.ModelFile);
                await using (var stream = File.Create(modelPath)) model.Save(stream);
                var files = new Dictionary<string, string>(StringComparer.Ordinal) { [ModelPackage.ModelFile] = await ModelPackage.HashAsync(modelPath, ct) };
                if (model.Network is { } network)
                {
                    var networkPath = Path.Combine(temp, ModelPackage.NetworkFile);
                    await using (var stream = File.Create(networkPath)) network.Save(stream);
                    files[ModelPackage.NetworkFile] = await ModelPackage.HashAsync(networkPath, ct);
                }
                // The first member is model.zip (the model's own chain); the others sit beside it, each hashed like it.
                for (var i = 1; i < (model.Members?.Count ?? 0); i++)
                {
                    var memberPath = Path.Combine(temp, ModelPackage.MemberFile(i));
                    await using (var stream = File.Create(memberPath)) model.Members![i].Model.Save(stream);
                    files[ModelPackage.MemberFile(i)] = await ModelPackage.HashAsync(memberPath, ct);
                }
                if (model.TrainingRows is { } rows)
                {
                    var basisPath = Path.Combine(temp, ModelPackage.ExplanationFile);
                    await using (var stream = File.Create(basisPath))
                    {
                        await JsonSerializer.SerializeAsync(stream, ExplanationBasis.Create(model, rows), ModelPackageJson.Options, ct);
                    }
                    files[ModelPackage.ExplanationFile] = await ModelPackage.HashAsync(basisPath, ct);
                }
                await using (var stream = File.Create(Path.Combine(temp, ModelPackage.ManifestFile)))
                {
                    await JsonSerializer.SerializeAsync(stream, manifest with { Files = files }, ModelPackageJson.Options, ct);
                }
                var packageHash = await ModelPackage.HashPackageAsync(temp, ct);
                ct.ThrowIfCancellationRequested();
                Replace(temp, target);
                return packageHash;
            }
            finally
            {
                if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            }
        }
    }

    // A package already at the target is moved aside first and removed only once the new one is in place.
    private static void Replace(string temp, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(temp, target);
            return;
        }
        var old = $"{target}.old-{Guid.NewGuid():N}";
        Directory.Move(target, old);
        Directory.Move(temp, target);
        Directory.Delete(old, recursive: true);
    }
}
