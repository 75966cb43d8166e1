namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle run` with train.trials: progress per trial, the leaderboard, trials in --json, and the trials as child runs.</summary>
public sealed class SearchRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlcycle-search-").FullName;
    private string Store => Path.Combine(_dir, "store");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<CliResult> RunAsync(params string[] extra)
    {
        var spec = Path.Combine(_dir, "mlcycle.yaml");
        await File.WriteAllTextAsync(spec, $"name: credit\ndata:\n  path: {RepoPaths.Get("tests", "data", "german_credit.csv")}\n  target: class\n" +
            "train: { algorithms: [lightgbm, sdca], trials: 5, cv: 3 }\n");
        return await Cli.RunAsync(["run", spec, "--store", Store, .. extra]);
    }

    [Fact]
    public async Task Run_trials_printsEachTrialAndTheLeaderboard()
    {
        var result = await RunAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        var all = result.Out + result.Err;
        Assert.Contains("trial 5/5 ", all);
        Assert.Contains("Leaderboard", result.Out);
        Assert.Contains("Search: 5 trial(s) in", result.Out);
    }

    [Fact]
    public async Task Run_trialsJson_listsTrialsBestFirstAsChildRunsHiddenFromRunsList()
    {
        var result = await RunAsync("--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        var runId = json.GetProperty("runId").GetString()!;
        var trials = json.GetProperty("trials").EnumerateArray().ToList();
        // Five trials, then the blend of the finalists (lightgbm and sdca) as one more row (docs/adr/0020).
        Assert.Equal(6, trials.Count);
        Assert.Single(trials, t => t.GetProperty("algorithm").GetString() == "ensemble");
        var scores = trials.Select(t => t.GetProperty("cvMean").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Equal("baseline", trials[^1].GetProperty("algorithm").GetString());

        var listed = await Cli.RunAsync("runs", "list", "--store", Store, "--json");
        Assert.Equal([runId], listed.Json().GetProperty("items").EnumerateArray().Select(r => r.GetProperty("runId").GetString()));
        var shown = await Cli.RunAsync("runs", "show", runId, "--store", Store, "--json");
        var children = shown.Json().GetProperty("children").EnumerateArray().ToList();
        Assert.Equal(trials.Select(t => t.GetProperty("runId").GetString()).Order(), children.Select(c => c.GetProperty("runId").GetString()).Order());
        var table = await Cli.RunAsync("runs", "show", runId, "--store", Store);
        Assert.Contains("6 child run(s)", table.Out);
    }
}
