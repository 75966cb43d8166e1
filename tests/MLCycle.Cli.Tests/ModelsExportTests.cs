namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle models export` writes the churn champion as ONNX with its sidecar, and refuses bad formats and paths with their exit codes.</summary>
public sealed class ModelsExportTests(TrainedStoreFixture store) : IClassFixture<TrainedStoreFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlcycle-export-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Export_churn_onnx_writes_the_file_and_a_sidecar_and_refuses_to_overwrite_without_force()
    {
        var path = Path.Combine(_folder, "churn.onnx");

        var result = await Cli.RunAsync("models", "export", "churn:1", "--format", "onnx", "--output", path, "--store", store.Store, "--json");
        var again = await Cli.RunAsync("models", "export", "churn:1", "--format", "onnx", "--output", path, "--store", store.Store);
        var forced = await Cli.RunAsync("models", "export", "churn", "--format", "onnx", "--output", path, "--store", store.Store, "--force");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var description = result.Json().GetProperty("description");
        Assert.Equal("churn", description.GetProperty("model").GetString());
        Assert.Equal(2, description.GetProperty("classes").GetArrayLength());
        Assert.True(new FileInfo(path).Length > 1000);
        Assert.Contains("\"threshold\"", await File.ReadAllTextAsync(path + ".json"));
        Assert.Equal(ExitCodes.Error, again.ExitCode);
        Assert.Contains("already exists; pass --force to replace it", again.Err);
        Assert.True(forced.ExitCode == ExitCodes.Ok, forced.ToString());
        Assert.Contains("sidecar:", forced.Out);
    }

    [Fact]
    public async Task Export_unknown_format_is_a_bad_argument()
    {
        var result = await Cli.RunAsync("models", "export", "churn", "--format", "pmml", "--output", Path.Combine(_folder, "churn.pmml"), "--store", store.Store);

        Assert.Equal(ExitCodes.BadArguments, result.ExitCode);
        Assert.Contains("--format 'pmml' is not supported; expected onnx", result.Err);
    }

    [Fact]
    public async Task Export_to_a_missing_folder_names_the_folder()
    {
        var result = await Cli.RunAsync("models", "export", "churn", "--format", "onnx", "--output", Path.Combine(_folder, "nope", "churn.onnx"), "--store", store.Store);

        Assert.Equal(ExitCodes.BadArguments, result.ExitCode);
        Assert.Contains("nope' does not exist", result.Err);
        Assert.Empty(Directory.GetFiles(_folder));
    }
}
