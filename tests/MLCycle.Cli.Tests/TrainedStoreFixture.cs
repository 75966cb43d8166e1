namespace MLCycle.Cli.Tests;

/// <summary>One store in which the telco churn example has been run once, shared by the tests that read it.</summary>
public sealed class TrainedStoreFixture : IAsyncLifetime
{
    public string Store { get; } = Directory.CreateTempSubdirectory("mlcycle-cli-").FullName;
    public CliResult Run { get; private set; } = null!;
    public string RunId => Run.Json().GetProperty("runId").GetString()!;

    public async Task InitializeAsync() =>
        Run = await Cli.RunAsync("run", RepoPaths.Get("examples", "telco-churn", "mlcycle.yaml"), "--store", Store, "--json");

    public Task DisposeAsync()
    {
        Directory.Delete(Store, recursive: true);
        return Task.CompletedTask;
    }
}
