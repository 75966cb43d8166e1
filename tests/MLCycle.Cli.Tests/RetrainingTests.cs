namespace MLCycle.Cli.Tests;

/// <summary>Running the same spec again trains a challenger that must beat the champion on the same test rows.</summary>
public sealed class RetrainingTests : IDisposable
{
    private readonly string _store = Directory.CreateTempSubdirectory("mlcycle-retrain-").FullName;

    [Fact]
    public async Task Run_secondTime_comparesChallengerWithChampionAndRecordsTheDecision()
    {
        var spec = RepoPaths.Get("examples", "penguins", "mlcycle.yaml");
        var first = await Cli.RunAsync("run", spec, "--store", _store, "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        var second = await Cli.RunAsync("run", spec, "--store", _store, "--json");
        Assert.True(second.ExitCode == 0, second.ToString());

        var decision = second.Json().GetProperty("promotion");
        Assert.Equal(2, second.Json().GetProperty("modelVersion").GetInt32());
        Assert.Equal(1, decision.GetProperty("championVersion").GetInt32());
        var challenger = decision.GetProperty("challengerScore").GetDouble();
        var champion = decision.GetProperty("championScore").GetDouble();
        var gatesPassed = second.Json().GetProperty("gates").EnumerateArray().All(g => g.GetProperty("passed").GetBoolean());
        Assert.Equal(gatesPassed && challenger > champion, decision.GetProperty("promoted").GetBoolean());

        var model = (await Cli.RunAsync("models", "show", "penguins", "--store", _store, "--json")).Json().GetProperty("model");
        var expectedChampion = decision.GetProperty("promoted").GetBoolean() ? 2 : 1;
        Assert.Equal(expectedChampion, model.GetProperty("aliases").GetProperty("champion").GetInt32());

        var compare = await Cli.RunAsync("runs", "compare", first.Json().GetProperty("runId").GetString()!, second.Json().GetProperty("runId").GetString()!, "--store", _store, "--json");
        Assert.True(compare.ExitCode == 0, compare.ToString());
        Assert.Contains(compare.Json().GetProperty("metrics").EnumerateArray(), m => m.GetProperty("key").GetString() == "test.macro_f1");
    }

    [Fact]
    public async Task ModelsPromote_version_movesAliasAndRecordsWho()
    {
        var spec = RepoPaths.Get("examples", "penguins", "mlcycle.yaml");
        Assert.Equal(0, (await Cli.RunAsync("run", spec, "--store", _store)).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync("run", spec, "--store", _store)).ExitCode);

        var promote = await Cli.RunAsync("models", "promote", "penguins", "2", "--alias", "champion", "--reason", "approved in review", "--store", _store);
        Assert.True(promote.ExitCode == 0, promote.ToString());

        var show = (await Cli.RunAsync("models", "show", "penguins", "--store", _store, "--json")).Json();
        Assert.Equal(2, show.GetProperty("model").GetProperty("aliases").GetProperty("champion").GetInt32());
        Assert.Contains(show.GetProperty("aliasHistory").EnumerateArray(), h => h.GetProperty("reason").GetString() == "approved in review");
    }

    [Fact]
    public async Task ModelsPromote_unknownVersion_exitsOne()
    {
        Assert.Equal(0, (await Cli.RunAsync("run", RepoPaths.Get("examples", "penguins", "mlcycle.yaml"), "--store", _store)).ExitCode);
        var result = await Cli.RunAsync("models", "promote", "penguins", "9", "--store", _store);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("9", result.Err);
    }

    public void Dispose() => Directory.Delete(_store, recursive: true);
}
