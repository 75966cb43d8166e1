using System.Text.Json;
using MLCycle.Storage;
using Xunit.Abstractions;

namespace MLCycle.Cli.Tests.Faults;

/// <summary>Kills `mlcycle agent` with SIGKILL while its scheduled ticks (a check and a retraining each) are running, and checks after
/// each kill that the store is whole (<see cref="StoreInvariants"/>: no run left Running, no half-registered version, a sound database)
/// and that the next agent tick on the same store succeeds. Every store kind runs the same attack: <see cref="AgentKillTests"/> on SQLite,
/// <see cref="PostgresAgentKillTests"/> on PostgreSQL.</summary>
public abstract class AgentKillContract(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly string _folder = Directory.CreateTempSubdirectory("mlcycle-agent-kill-").FullName;

    /// <summary>The store attacked, as the CLI names it (--store, and --artifacts where needed) and as the library opens it.</summary>
    protected abstract StoreOptions Store(string folder);

    public virtual void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Agent_killedMidTick_leavesTheStoreWholeAndTheNextTickSucceeds()
    {
        var spec = PenguinsSpec.Write(_folder, """
            monitor:
              schedule: "*/2 * * * * *"
            retrain:
              on: [schedule]
              promote: auto
            """);
        var store = Store(_folder);
        var trained = await Cli.RunAsync(["run", spec, .. Args(store)]);
        Assert.True(trained.ExitCode == 0, trained.ToString());

        // Kill as soon as a tick is seen running and at growing delays after, then right after (and just after) the retraining's
        // progress lines, so kills land in the check, in training, in packaging and in registering.
        var kills = new[] { 0, 400, 1500, 3000, 5000 }.Select(ms => new Kill(null, ms))
            .Concat(new[] { "Retraining penguins (schedule)", "Packaging the model", "Writing the report", "Registering the model" }
                .SelectMany(line => new[] { new Kill(line, 0), new Kill(line, 150) }))
            .ToList();
        var killedRunning = 0;
        foreach (var kill in kills)
        {
            using var seen = new SemaphoreSlim(0);
            using var agent = ChildRun.StartAgent(spec, Args(store), line => { if (kill.AfterLine is { } l && line.Trim() == l) seen.Release(); });
            if (kill.AfterLine is null) await WaitForRunningAsync(store, agent);
            else Assert.True(await seen.WaitAsync(Patience), $"the agent never printed '{kill.AfterLine}':\n{agent}");
            if (kill.DelayMs > 0) await Task.Delay(kill.DelayMs);
            Assert.False(agent.HasExited, $"the agent exited by itself before the kill {kill}:\n{agent}");
            agent.Kill();
            var violations = await StoreInvariants.ViolationsAsync(store, agent.ProcessId);
            Assert.True(violations.Count == 0, $"after a kill {kill}:\n{string.Join('\n', violations)}\nagent output:\n{agent}");
            killedRunning = (await RunsAsync(store, "killed")).Count;
            output.WriteLine($"kill {kill}: {killedRunning} killed runs so far");
        }
        Assert.True(killedRunning > 0, "no kill landed while a run was in progress: the attack did not test anything");

        var next = await CliProcess.RunAsync(["agent", "--spec", spec, .. Args(store), "--once", "--json"]);
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal("finished", next.Json().GetProperty("retrain").GetProperty("status").GetString());
        Assert.Empty(await StoreInvariants.ViolationsAsync(store, 0));
    }

    private static string[] Args(StoreOptions store) =>
        store.ArtifactsDirectory is { } artifacts ? ["--store", store.Address, "--artifacts", artifacts] : ["--store", store.Address];

    private static async Task WaitForRunningAsync(StoreOptions store, ChildRun agent)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline && !agent.HasExited)
        {
            if ((await RunsAsync(store, "running")).Count > 0) return;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"no tick of the agent was seen running within {Patience}:\n{agent}");
    }

    private static async Task<List<JsonElement>> RunsAsync(StoreOptions store, string status)
    {
        var listed = await Cli.RunAsync(["runs", "list", "--max", "1000", .. Args(store), "--json"]);
        return listed.ExitCode != 0 ? [] : [.. listed.Json().GetProperty("items").EnumerateArray().Where(r => r.GetProperty("status").GetString() == status)];
    }

    private sealed record Kill(string? AfterLine, int DelayMs)
    {
        public override string ToString() => AfterLine is null ? $"{DelayMs} ms after a tick was seen running" : $"{DelayMs} ms after '{AfterLine}'";
    }
}
