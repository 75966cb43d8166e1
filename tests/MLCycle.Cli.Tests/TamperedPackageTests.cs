using System.Text.Json.Nodes;

namespace MLCycle.Cli.Tests;

/// <summary>A registered package edited after registration is refused by `mlcycle predict`, naming the model and version, never a path.</summary>
public sealed class TamperedPackageTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlcycle-tamper-").FullName;
    private string Store => Path.Combine(folder, "store");
    private string Package => Directory.GetDirectories(Path.Combine(Store, "artifacts")).Single() + "/model";

    public async Task InitializeAsync()
    {
        File.Copy(RepoPaths.Get("examples", "penguins", "penguins.csv"), Path.Combine(folder, "penguins.csv"));
        await File.WriteAllTextAsync(Path.Combine(folder, "mlcycle.yaml"), """
            name: penguins
            data:
              path: penguins.csv
              target: species
              task: multiclass
            split:
              seed: 7
            train:
              algorithms: [lightgbm]
              cv: 2
            """);
        // Complete rows only, so scoring the untouched package succeeds outright.
        await File.WriteAllLinesAsync(Path.Combine(folder, "input.csv"), File.ReadLines(Path.Combine(folder, "penguins.csv")).Where(l => !l.Contains("NA")).Take(30));
        var run = await Cli.RunAsync("run", Path.Combine(folder, "mlcycle.yaml"), "--store", Store);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Predict_manifestClassesSwapped_isRefusedNamingModelAndVersion()
    {
        var before = await PredictAsync();
        Assert.True(before.ExitCode == 0, before.ToString());
        var manifest = Path.Combine(Package, "manifest.json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(manifest))!;
        var classes = json["classes"]!.AsArray().Select(c => c!.GetValue<string>()).Reverse().ToArray();
        json["classes"] = new JsonArray(classes.Select(c => (JsonNode)c).ToArray());
        await File.WriteAllTextAsync(manifest, json.ToJsonString());

        var result = await PredictAsync();

        Assert.Equal(ExitCodes.Tampered, result.ExitCode);
        Assert.Contains("Model 'penguins' version 1 does not match the hash registered for it: manifest.json was changed after registration", result.Err);
        Assert.DoesNotContain(Store, result.Err);
    }

    [Fact]
    public async Task Predict_corruptModelZip_isRefusedNamingModelAndVersion()
    {
        var model = Path.Combine(Package, "model.zip");
        var bytes = await File.ReadAllBytesAsync(model);
        Array.Clear(bytes, bytes.Length / 3, 64);
        await File.WriteAllBytesAsync(model, bytes);

        var result = await PredictAsync();

        Assert.Equal(ExitCodes.Tampered, result.ExitCode);
        Assert.Contains("Model 'penguins' version 1 does not match the hash registered for it: model.zip was changed after registration", result.Err);
        Assert.DoesNotContain(Store, result.Err);
    }

    private Task<CliResult> PredictAsync() =>
        Cli.RunAsync("predict", "--model", "penguins", "--input", Path.Combine(folder, "input.csv"),
            "--output", Path.Combine(folder, $"out-{Guid.NewGuid():N}.csv"), "--store", Store);
}
