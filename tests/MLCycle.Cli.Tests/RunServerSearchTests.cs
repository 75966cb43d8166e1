using System.Globalization;
using MLCycle.Tracking;

namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle run SPEC --server URL` with a search: the trials land on the server as child runs of the server's run, with
/// their params, metrics (stamped when they were measured, not when they were sent) and status; and the runs of clients that died
/// on this host are ended Killed by the next run, while those of live or other hosts' clients are left alone.</summary>
public sealed class RunServerSearchTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlcycle-server-search-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Run_withServerAndTrials_publishesEachTrialAsAChildWithItsMeasuredTimes_andEndsTheRunsOfDeadClientsHere()
    {
        await using var server = await RunServerTests.PenguinsServerAsync();
        var url = server.Client.BaseAddress!.ToString();
        var tracking = server.Store.Tracking;
        // A process id that no live process has with start time 1: a client that died on this host.
        var dead = await tracking.CreateClientRunAsync("penguins", "killed client", Owner(Environment.MachineName, $"{DeadProcessId()}-1"));
        var deadTrial = await tracking.CreateClientRunAsync("penguins", "its trial", new Dictionary<string, string> { [TrackingTags.ParentRunId] = dead.RunId });
        var live = await tracking.CreateClientRunAsync("penguins", "live client",
            Owner(RunOwner.Current.Host, $"{RunOwner.Current.ProcessId}-{RunOwner.Current.StartedAt}"));
        var elsewhere = await tracking.CreateClientRunAsync("penguins", "other host", Owner("another-host.example", $"{DeadProcessId()}-1"));
        File.Copy(RepoPaths.Get("examples", "penguins", "penguins.csv"), Path.Combine(folder, "penguins.csv"));
        var spec = Path.Combine(folder, "mlcycle.yaml");
        await File.WriteAllTextAsync(spec, "name: penguins\ndata: { path: penguins.csv, target: species, task: multiclass }\nsplit: { test: 0.25, seed: 7 }\n" +
            "train: { algorithms: [lightgbm, linear], trials: 4, cv: 2 }\n");

        var result = await CliProcess.RunAsync(new Dictionary<string, string?> { [CliActor.TokenVariable] = server.Tokens["editor"] }, "run", spec, "--server", url, "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var runId = result.Json().GetProperty("runId").GetString()!;
        var trials = result.Json().GetProperty("trials").EnumerateArray().ToList();
        var children = await tracking.GetChildRunsAsync(runId);
        Assert.True(trials.Count >= 4, result.Out);
        // The --json leaderboard names the children the server keeps, not the staging store's that are gone.
        Assert.Equal(trials.Select(t => t.GetProperty("runId").GetString()).Order(), children.Select(c => c.RunId).Order());
        foreach (var child in children)
        {
            var trial = trials.Single(t => t.GetProperty("runId").GetString() == child.RunId);
            var number = trial.GetProperty("number").GetInt32().ToString(CultureInfo.InvariantCulture);
            Assert.Equal(("penguins", runId, number), (child.ExperimentName, child.Tags[TrackingTags.ParentRunId], child.Tags["mlcycle.trial"]));
            Assert.Equal($"trial {number} {trial.GetProperty("algorithm").GetString()}", child.Name);
            Assert.Equal((trial.GetProperty("algorithm").GetString(), number), (child.Params["algorithm"], child.Params["trial"]));
            Assert.Equal(trial.GetProperty("error").ValueKind == System.Text.Json.JsonValueKind.String ? RunStatus.Failed : RunStatus.Finished, child.Status);
            Assert.Equal(trial.GetProperty("seconds").GetDouble(), child.Metrics["seconds"].Value, 9);
            // Measured during training, before the server's child was created: the time the staging store recorded, not the upload's.
            Assert.True(child.Metrics["seconds"].Timestamp < child.StartTime, $"{child.Metrics["seconds"].Timestamp:O} vs created {child.StartTime:O}");
        }
        var parent = await tracking.GetRunAsync(runId);
        Assert.Equal(RunStatus.Finished, parent.Status);
        Assert.True(parent.Metrics.Values.Min(m => m.Timestamp) < children.Min(c => c.StartTime), "the parent's metrics carry upload times");
        Assert.Equal((RunStatus.Killed, Run.KilledError), ((await tracking.GetRunAsync(dead.RunId)).Status, (await tracking.GetRunAsync(dead.RunId)).Error));
        Assert.Equal(RunStatus.Killed, (await tracking.GetRunAsync(deadTrial.RunId)).Status);
        Assert.Equal(RunStatus.Running, (await tracking.GetRunAsync(live.RunId)).Status);
        Assert.Equal(RunStatus.Running, (await tracking.GetRunAsync(elsewhere.RunId)).Status);
    }

    private static Dictionary<string, string> Owner(string host, string process) =>
        new() { ["mlcycle.client.host"] = host, ["mlcycle.client.process"] = process };

    private static int DeadProcessId()
    {
        using var process = System.Diagnostics.Process.Start("true");
        process.WaitForExit();
        return process.Id;
    }
}
