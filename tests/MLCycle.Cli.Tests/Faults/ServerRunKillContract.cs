using MLCycle.Access;
using MLCycle.Server.Tests;
using MLCycle.Storage;
using Xunit.Abstractions;

namespace MLCycle.Cli.Tests.Faults;

/// <summary>Kills `mlcycle run --server` with SIGKILL at many moments across a whole run (training, publishing params and metrics,
/// publishing trials, uploading artifacts, registering, applying the decision) against a real server on loopback, and checks the
/// server after each kill: versions whole, aliases and approval requests on whole versions. Then one more run must succeed, end every
/// dead client's run and trial as Killed, and leave no staging folder of a killed process. Every store kind runs the same attack:
/// <see cref="ServerRunKillTests"/> over SQLite, <see cref="PostgresServerRunKillTests"/> over PostgreSQL.</summary>
public abstract class ServerRunKillContract(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    // The progress lines that open each publishing step; a kill lands right on them and a moment after.
    private static readonly string[] Steps =
        ["Copying the server's champion", "Publishing run ", "Publishing the params", " trial runs", "Uploading ", "Registering version", "Applying the decision"];

    private readonly string folder = Directory.CreateTempSubdirectory("mlcycle-server-kill-").FullName;

    /// <summary>The store the server keeps; null for a SQLite store in a folder of its own.</summary>
    protected abstract StoreOptions? ServerStore { get; }

    [Fact]
    public async Task RunWithServer_killedAtAnyMoment_leavesTheServerWhole_andTheNextRunEndsTheDeadRunsAndSucceeds()
    {
        await using var server = await PenguinsServerAsync(ServerStore);
        var url = server.Client.BaseAddress!.ToString();
        var token = server.Tokens["editor"];
        var spec = WriteSpec();
        var (duration, lines) = await MeasureOneRunAsync(spec, url, token);
        var kills = PlanKills(duration);
        Assert.True(kills.Count >= 10, $"only {kills.Count} kills planned");

        var killed = new List<int>();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kill in kills)
        {
            var (pid, log, seen) = await KillAsync(spec, url, token, kill);
            killed.Add(pid);
            reached.UnionWith(seen);
            var violations = await ServerInvariants.RegistryViolationsAsync(server.Store);
            Assert.True(violations.Count == 0, $"after a kill {kill}:\n{string.Join('\n', violations)}\nchild output:\n{log}");
        }

        using var last = ChildRun.StartOnServer(spec, url, token);
        Assert.True(await last.WaitForExitAsync(Patience) && last.ExitCode == 0, $"the run after the kills failed:\n{last}");
        Assert.Empty(await ServerInvariants.RegistryViolationsAsync(server.Store));
        Assert.Empty(await ServerInvariants.RunningAsync(server.Store, "penguins"));
        foreach (var pid in killed)
            Assert.False(Directory.EnumerateDirectories(Path.GetTempPath(), $"mlcycle-run-{pid}-*").Any(), $"a staging folder of killed process {pid} is left");
        // Every step was actually reached by some killed run, so the kills covered the whole publish, not only training.
        Assert.All(Steps.Skip(1), step => Assert.True(reached.Contains(step), $"no killed run reached '{step}'"));
        output.WriteLine($"one run {duration.TotalSeconds:0.0} s; {kills.Count} kills; lines of a whole run:\n{string.Join('\n', lines)}");
    }

    public virtual void Dispose()
    {
        Directory.Delete(folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A server over <paramref name="store"/> where "reader", "editor" and "approver" hold their role on model and experiment
    /// "penguins", as <see cref="RunServerTests"/> has it.</summary>
    private static async Task<AccessServer> PenguinsServerAsync(StoreOptions? store)
    {
        var server = await AccessServer.StartAsync(storeOptions: store);
        foreach (var role in new[] { Role.Reader, Role.Editor, Role.Approver })
        {
            var name = Roles.Name(role);
            await server.Store.Users.GrantAsync(name, new Grant(GrantScope.Model, "penguins", role), "test");
            await server.Store.Users.GrantAsync(name, new Grant(GrantScope.Experiment, "penguins", role), "test");
        }
        return server;
    }

    private static async Task<(TimeSpan Duration, IReadOnlyList<string> Lines)> MeasureOneRunAsync(string spec, string url, string token)
    {
        using var run = ChildRun.StartOnServer(spec, url, token);
        Assert.True(await run.WaitForExitAsync(Patience) && run.ExitCode == 0, $"a full run failed:\n{run}");
        foreach (var step in Steps.Skip(1)) Assert.Contains(run.Lines, l => l.Line.Contains(step, StringComparison.Ordinal));
        return (run.Elapsed, [.. run.Lines.Select(l => $"{l.At.TotalSeconds,6:0.00}s {l.Line}")]);
    }

    // Eight moments spread from 5% to 100% of a run, then each publishing step at the moment its line appears and 80 ms later.
    private static List<Kill> PlanKills(TimeSpan duration)
    {
        const int Spread = 8;
        var kills = Enumerable.Range(0, Spread).Select(i => new Kill(null, duration * (0.05 + 0.95 * i / (Spread - 1)))).ToList();
        foreach (var step in Steps)
        {
            kills.Add(new Kill(step, TimeSpan.Zero));
            kills.Add(new Kill(step, TimeSpan.FromMilliseconds(80)));
        }
        return kills;
    }

    private static async Task<(int Pid, string Log, IReadOnlyCollection<string> Seen)> KillAsync(string spec, string url, string token, Kill kill)
    {
        using var hit = new SemaphoreSlim(0);
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        using var run = ChildRun.StartOnServer(spec, url, token, line =>
        {
            foreach (var step in Steps.Where(s => line.Contains(s, StringComparison.Ordinal))) seen[step] = true;
            if (kill.AtStep is { } s && line.Contains(s, StringComparison.Ordinal)) hit.Release();
        });
        if (kill.AtStep is null) await Task.WhenAny(Task.Delay(kill.Delay), run.WaitForExitAsync(Patience));
        else
        {
            await Task.WhenAny(hit.WaitAsync(Patience), run.WaitForExitAsync(Patience));
            if (kill.Delay > TimeSpan.Zero) await Task.Delay(kill.Delay);
        }
        run.Kill();
        return (run.ProcessId, run.ToString(), [.. seen.Keys]);
    }

    private string WriteSpec()
    {
        File.Copy(RepoPaths.Get("examples", "penguins", "penguins.csv"), Path.Combine(folder, "penguins.csv"));
        var spec = Path.Combine(folder, "mlcycle.yaml");
        File.WriteAllText(spec, "name: penguins\ndata: { path: penguins.csv, target: species, task: multiclass }\nsplit: { test: 0.25, seed: 7 }\n" +
            "train: { algorithms: [lightgbm, linear], trials: 3, cv: 2 }\n");
        return spec;
    }

    private sealed record Kill(string? AtStep, TimeSpan Delay)
    {
        public override string ToString() => AtStep is null ? $"at {Delay.TotalSeconds:0.00} s" : $"{Delay.TotalMilliseconds:0} ms after '{AtStep.Trim()}'";
    }
}
