using System.Diagnostics;
using Xunit.Abstractions;

namespace MLCycle.Cli.Tests.Faults;

/// <summary>Kills `mlcycle run` with SIGKILL at many moments across a whole run and checks after each kill that the store is
/// whole: what was registered is complete, nothing half-done is visible, and the next run on the same store succeeds.</summary>
public sealed class KillTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly string folder = Directory.CreateTempSubdirectory("mlcycle-kill-").FullName;

    [Fact]
    public async Task Run_killedAtAnyMoment_leavesTheStoreWholeAndTheNextRunSucceeds()
    {
        var spec = WriteSpec();
        var store = Path.Combine(folder, "store");
        var (duration, progressLines) = await MeasureOneRunAsync(spec, store);
        var kills = PlanKills(duration, progressLines);
        Assert.True(kills.Count >= 20, $"only {kills.Count} kills planned");

        foreach (var kill in kills)
        {
            var (pid, log) = await KillAsync(spec, store, kill);
            var violations = await StoreInvariants.ViolationsAsync(store, pid);
            Assert.True(violations.Count == 0, $"after a kill {kill}:\n{string.Join('\n', violations)}\nchild output:\n{log}");
        }

        using var last = ChildRun.Start(spec, store);
        Assert.True(await last.WaitForExitAsync(Patience) && last.ExitCode == 0, $"the run after the kills failed:\n{last}");
        Assert.Empty(await StoreInvariants.ViolationsAsync(store, last.ProcessId));
        output.WriteLine($"one run {duration.TotalSeconds:0.0} s; {kills.Count} kills");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<(TimeSpan Duration, IReadOnlyList<string> Lines)> MeasureOneRunAsync(string spec, string store)
    {
        using var run = ChildRun.Start(spec, store);
        Assert.True(await run.WaitForExitAsync(Patience) && run.ExitCode == 0, $"a full run failed:\n{run}");
        output.WriteLine(run.ToString());
        var progress = run.Lines.Select(l => l.Line.Trim()).Where(l => l.Length > 0).Distinct().ToList();
        return (run.Elapsed, progress);
    }

    // Evenly spread moments from 5% to 100% of a run, plus right after each progress line, and a few hundred milliseconds
    // after the lines that lead into packaging and registering (where a kill once left a half-registered version).
    private static List<Kill> PlanKills(TimeSpan duration, IReadOnlyList<string> lines)
    {
        const int Spread = 10;
        var kills = Enumerable.Range(0, Spread).Select(i => new Kill(null, duration * (0.05 + 0.95 * i / (Spread - 1)))).ToList();
        var stages = lines.Where(IsLateStage).ToList();
        var others = lines.Except(stages).ToList();
        var step = Math.Max(1, (others.Count + 5) / 6);
        foreach (var line in others.Where((_, i) => i % step == 0).Concat(stages)) kills.Add(new Kill(line, TimeSpan.Zero));
        foreach (var line in stages)
        {
            kills.Add(new Kill(line, TimeSpan.FromMilliseconds(100)));
            kills.Add(new Kill(line, TimeSpan.FromMilliseconds(300)));
        }
        return kills;
    }

    private static bool IsLateStage(string line) =>
        line.StartsWith("Packaging", StringComparison.Ordinal) || line.StartsWith("Registering", StringComparison.Ordinal)
        || line.StartsWith("Writing", StringComparison.Ordinal);

    private static async Task<(int Pid, string Log)> KillAsync(string spec, string store, Kill kill)
    {
        using var seen = new SemaphoreSlim(0);
        using var run = ChildRun.Start(spec, store, line => { if (kill.AfterLine is { } l && line.Trim() == l) seen.Release(); });
        if (kill.AfterLine is null)
        {
            await Task.WhenAny(Task.Delay(kill.Delay), run.WaitForExitAsync(Patience));
        }
        else
        {
            await Task.WhenAny(seen.WaitAsync(Patience), run.WaitForExitAsync(Patience));
            if (kill.Delay > TimeSpan.Zero) await Task.Delay(kill.Delay);
        }
        run.Kill();
        return (run.ProcessId, run.ToString());
    }

    private string WriteSpec() => PenguinsSpec.Write(folder, """
        evaluate:
          gates: ["beats_baseline"]
        """);

    private sealed record Kill(string? AfterLine, TimeSpan Delay)
    {
        public override string ToString() => AfterLine is null ? $"at {Delay.TotalSeconds:0.00} s" : $"{Delay.TotalMilliseconds:0} ms after '{AfterLine}'";
    }
}
