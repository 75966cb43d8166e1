using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MLCycle.Server.Tests;

/// <summary>`mlcycle serve --agent SPEC`: the agent runs as a hosted service of the server, and only for a spec it can tick on.</summary>
public sealed class AgentServiceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlcycle-server-agent-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task BuildAsync_agentSpecWithoutSchedule_isABadSpecNamingTheKey()
    {
        var e = await Assert.ThrowsAsync<MLCycleException>(() => ServerApp.BuildAsync(Options(Spec(""))));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("'monitor.schedule'", e.Message);
    }

    [Fact]
    public async Task BuildAsync_agentSpecWithSchedule_runsTheAgentAsAHostedService()
    {
        await using var app = await ServerApp.BuildAsync(Options(Spec("monitor:\n  schedule: \"0 3 * * *\"\n")));

        Assert.Contains(app.Services.GetServices<IHostedService>(), s => s is AgentService);
    }

    private ServerOptions Options(string spec) => new() { StoreDirectory = Path.Combine(_folder, "store"), Urls = "http://127.0.0.1:0", AgentSpec = spec };

    private string Spec(string more)
    {
        var path = Path.Combine(_folder, "mlcycle.yaml");
        File.WriteAllText(path, $"name: penguins\ndata:\n  path: penguins.csv\n  target: species\n{more}");
        return path;
    }
}
