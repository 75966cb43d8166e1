using System.Text.Json;

namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle agent` without --once, in a real process, ticks on its own at the spec's schedule (six fields: seconds first),
/// each tick a run of the `agent` experiment.</summary>
public sealed class AgentScheduleTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlcycle-agent-schedule-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Agent_withoutOnce_ticksAtEveryOccurrenceOfTheSchedule()
    {
        var store = Path.Combine(_folder, "store");
        var spec = Path.Combine(_folder, "mlcycle.yaml");
        await File.WriteAllTextAsync(spec, $"""
            name: penguins
            data:
              path: {RepoPaths.Get("examples", "penguins", "penguins.csv")}
              target: species
            train:
              algorithms: [lightgbm]
              cv: 2
            monitor:
              schedule: "*/2 * * * * *"
            """);
        var trained = await Cli.RunAsync("run", spec, "--store", store);
        Assert.True(trained.ExitCode == 0, trained.ToString());

        using var agent = CliProcess.Start("agent", "--spec", spec, "--store", store);
        List<JsonElement> ticks = [];
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (ticks.Count < 2 && DateTime.UtcNow < deadline && !agent.HasExited)
            {
                await Task.Delay(500);
                var listed = await Cli.RunAsync("runs", "list", "--experiment", "agent", "--store", store, "--json");
                // A tick still running is listed too; only finished ones count.
                if (listed.ExitCode == 0) ticks = [.. listed.Json().GetProperty("items").EnumerateArray().Where(t => t.GetProperty("status").GetString() == "finished")];
            }
        }
        finally
        {
            if (!agent.HasExited) agent.Kill(entireProcessTree: true);
        }

        Assert.True(ticks.Count >= 2, $"expected two finished ticks of the agent's own schedule, found {ticks.Count}; agent exited: {agent.HasExited}");
        var starts = ticks.Select(t => t.GetProperty("startTime").GetDateTimeOffset()).Order().ToList();
        // Each tick belongs to the even second at or before its start. A loaded machine may start a tick late, so the gap between
        // two starts can be under 2 s; but the second tick's occurrence comes after the first tick began, so a correct agent never
        // starts two ticks within one even second, while one that ticked twice for an occurrence (or back to back) would.
        static long Occurrence(DateTimeOffset start) => start.ToUnixTimeMilliseconds() / 2000;
        Assert.True(Occurrence(starts[1]) > Occurrence(starts[0]), $"ticks {starts[0]:O} and {starts[1]:O} began within one occurrence of the schedule's 2 s");
    }
}
