namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle agent` refuses what it cannot act on before it opens the store or sleeps until a tick.</summary>
public sealed class AgentCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlcycle-agent-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Agent_specWithoutScheduleAndNoOnce_exitsTwoNamingTheKey()
    {
        var result = await Cli.RunAsync("agent", "--spec", Spec("monitor:\n  psi: 0.2\n"), "--store", _folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'monitor.schedule'", result.Err);
        Assert.Contains("--once", result.Err);
    }

    [Fact]
    public async Task Agent_badCronInTheSpec_exitsTwoWithItsLine()
    {
        var result = await Cli.RunAsync("agent", "--spec", Spec("monitor:\n  schedule: \"0 25 * * *\"\n"), "--once", "--store", _folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 6, 'monitor.schedule'", result.Err);
    }

    [Fact]
    public async Task Agent_onceOnAStoreThatDoesNotExist_exitsOneWithoutCreatingIt()
    {
        var store = Path.Combine(_folder, "nothing-here");

        var result = await Cli.RunAsync("agent", "--spec", Spec(""), "--once", "--store", store);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No MLCycle store", result.Err);
        Assert.False(Directory.Exists(Path.Combine(store, "artifacts")));
    }

    private string Spec(string more)
    {
        var path = Path.Combine(_folder, "mlcycle.yaml");
        File.WriteAllText(path, $"name: penguins\ndata:\n  path: {RepoPaths.Get("examples", "penguins", "penguins.csv")}\n  target: species\n{more}");
        return path;
    }
}
