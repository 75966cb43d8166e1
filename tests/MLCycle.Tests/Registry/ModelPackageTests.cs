using System.Security.Cryptography;
using MLCycle.Registry;
using MLCycle.Tests.Serving;

namespace MLCycle.Tests.Registry;

public class ModelPackageTests(PackagedModelFixture fixture) : IClassFixture<PackagedModelFixture>
{
    [Fact]
    public async Task SaveAsync_writes_model_and_manifest_with_the_model_hash()
    {
        var directory = fixture.Binary.Directory;

        var manifest = await ModelPackage.ReadManifestAsync(directory);

        Assert.Equal(["explain.json", "manifest.json", "model.zip"], Directory.GetFiles(directory).Select(Path.GetFileName).Order());
        var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, "model.zip"))));
        Assert.Equal(expected, manifest.Files["model.zip"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, "explain.json")))), manifest.Files["explain.json"]);
    }

    [Fact]
    public async Task ReadManifestAsync_round_trips_the_manifest()
    {
        var outcome = fixture.Binary.Outcome;

        var manifest = await ModelPackage.ReadManifestAsync(fixture.Binary.Directory);

        Assert.Equal(TaskKind.Binary, manifest.Task);
        Assert.Equal("lightgbm", manifest.Algorithm);
        Assert.Equal("label", manifest.Target);
        Assert.Equal("run-binary", manifest.RunId);
        Assert.Equal(outcome.Model.Inputs.Select(i => (i.Name, i.Kind, i.AllowsMissing)), manifest.Inputs.Select(i => (i.Name, i.Kind, i.AllowsMissing)));
        Assert.Equal(["blue", "green", "red"], manifest.Inputs.Single(i => i.Name == "color").Categories);
        Assert.Equal(outcome.Classes, manifest.Classes);
        Assert.Equal(outcome.ModelCandidate.Test["auc"], manifest.Metrics["auc"]);
        Assert.Equal(outcome.TestSet.RowCount, manifest.PredictionReference!.TopValues.Sum(v => v.Count));
    }

    [Fact]
    public async Task SaveAsync_over_an_existing_package_replaces_it_and_leaves_no_temporary_folder()
    {
        var outcome = fixture.Regression.Outcome;
        var directory = Path.Combine(fixture.Root, "replace-" + Guid.NewGuid().ToString("N"));
        var manifest = outcome.CreateManifest("first", new MLCycle.Profiling.DatasetProfile { Rows = 1, Columns = [] });
        await ModelPackage.SaveAsync(directory, outcome.Model, manifest);

        await ModelPackage.SaveAsync(directory, outcome.Model, manifest with { Name = "second" });

        Assert.Equal("second", (await ModelPackage.ReadManifestAsync(directory)).Name);
        Assert.DoesNotContain(Directory.GetDirectories(fixture.Root), d => Path.GetFileName(d).Contains(".tmp-") || d.Contains(".old-"));
    }

    [Fact]
    public async Task ReadManifestAsync_monitoring_round_trips_and_an_older_manifest_has_none()
    {
        var outcome = fixture.Regression.Outcome;
        var directory = Path.Combine(fixture.Root, "monitoring-" + Guid.NewGuid().ToString("N"));
        var manifest = outcome.CreateManifest("watched", new MLCycle.Profiling.DatasetProfile { Rows = 1, Columns = [] }, monitoring: new ModelMonitoring { Psi = 0.07 });
        await ModelPackage.SaveAsync(directory, outcome.Model, manifest);
        Assert.Equal(0.07, (await ModelPackage.ReadManifestAsync(directory)).Monitoring!.Psi);

        // A package written before the manifest carried monitoring settings has no "monitoring" key.
        var file = Path.Combine(directory, ModelPackage.ManifestFile);
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
        Assert.True(json.Remove("monitoring"));
        await File.WriteAllTextAsync(file, json.ToJsonString());

        Assert.Null((await ModelPackage.ReadManifestAsync(directory)).Monitoring);
    }

    [Fact]
    public async Task ReadManifestAsync_without_a_manifest_names_the_folder()
    {
        var empty = Directory.CreateDirectory(Path.Combine(fixture.Root, "empty-" + Guid.NewGuid().ToString("N"))).FullName;

        var error = await Assert.ThrowsAsync<MLCycleException>(() => ModelPackage.ReadManifestAsync(empty));

        Assert.Contains(empty, error.Message);
        Assert.Contains("manifest.json", error.Message);
    }

    [Fact]
    public async Task ReadManifestAsync_with_broken_json_says_so()
    {
        var copy = fixture.CopyBinary();
        await File.WriteAllTextAsync(Path.Combine(copy, "manifest.json"), "{ \"name\": ");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => ModelPackage.ReadManifestAsync(copy));

        Assert.Contains("not a valid model manifest", error.Message);
    }
}
