using System.Text.Json;

namespace MLCycle.Cli.Tests;

/// <summary>What several `mlcycle` processes writing to one store at once must leave behind, whatever the engine.</summary>
public static class SharedStoreProcesses
{
    private static readonly string Spec = RepoPaths.Get("examples", "penguins", "mlcycle.yaml");

    /// <summary>Runs the penguins spec in <paramref name="runs"/> processes at once, then moves the staging alias back and
    /// forth from <paramref name="moves"/> processes at once, and checks versions, runs and the alias history.</summary>
    public static async Task CheckAsync(string[] store, int runs, int moves)
    {
        var results = await CliProcess.RunAtOnceAsync(Enumerable.Range(0, runs).Select(_ => (string[])["run", Spec, .. store, "--json"]));

        // A run announces its version in its report before registering; if another run took that number meanwhile, it
        // stops with a conflict and registers nothing, rather than publish a report that names the wrong version.
        foreach (var result in results.Where(r => r.ExitCode != 0))
            Assert.True(result.Err.Contains("registered by another run meanwhile", StringComparison.Ordinal), result.ToString());
        var registered = results.Where(r => r.ExitCode == 0).Select(r => r.Json().GetProperty("modelVersion").GetInt32()).Order().ToList();
        Assert.NotEmpty(registered);

        var show = await Cli.RunAsync(["models", "show", "penguins", .. store, "--json"]);
        Assert.True(show.ExitCode == 0, show.ToString());
        var versions = show.Json().GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, registered.Count), versions);
        Assert.Equal(registered, versions);
        var listed = await Cli.RunAsync(["runs", "list", "--experiment", "penguins", .. store, "--json"]);
        Assert.Equal(runs, listed.Json().GetProperty("items").GetArrayLength());

        var promotions = await CliProcess.RunAtOnceAsync(Enumerable.Range(0, moves).Select(i =>
            (string[])["models", "promote", "penguins", $"{1 + i % registered.Count}", "--alias", "staging", "--reason", $"move {i}", .. store]));
        Assert.All(promotions, p => Assert.True(p.ExitCode == 0, p.ToString()));

        var history = (await Cli.RunAsync(["models", "show", "penguins", .. store, "--json"])).Json().GetProperty("aliasHistory")
            .EnumerateArray().Where(h => h.GetProperty("alias").GetString() == "staging").ToList();
        // Serialised moves form one chain: each records the version the previous one set.
        Assert.Equal(JsonValueKind.Null, history[0].GetProperty("fromVersion").ValueKind);
        for (var i = 1; i < history.Count; i++)
            Assert.Equal(history[i - 1].GetProperty("toVersion").GetInt32(), history[i].GetProperty("fromVersion").GetInt32());
    }
}
