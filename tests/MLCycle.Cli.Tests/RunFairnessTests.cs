namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle run --json` and `mlcycle models show --json` carry the fairness of the model's test predictions.</summary>
public sealed class RunFairnessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlcycle-fairness-cli-").FullName;
    private string Store => Path.Combine(_dir, "store");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_json_and_models_show_carry_the_fairness_array_in_fairlearn_names()
    {
        var spec = Path.Combine(_dir, "mlcycle.yaml");
        await File.WriteAllTextAsync(spec, $"""
            name: credit
            data:
              path: {RepoPaths.Get("tests", "data", "german_credit.csv")}
              target: class
              sensitive: [personal_status]
            train: {"{"} algorithms: [linear], cv: 2 {"}"}
            evaluate:
              gates: ["demographic_parity_difference(personal_status) <= 1"]
            """);

        var run = await Cli.RunAsync("run", spec, "--store", Store, "--json");
        var show = await Cli.RunAsync("models", "show", "credit", "--store", Store, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var fairness = Assert.Single(run.Json().GetProperty("fairness").EnumerateArray());
        Assert.Equal("personal_status", fairness.GetProperty("column").GetString());
        foreach (var key in (string[])["demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference", "equal_opportunity_difference"])
            Assert.InRange(fairness.GetProperty(key).GetDouble(), 0, 1);
        var group = fairness.GetProperty("groups").EnumerateArray().First();
        Assert.Equal("male single", group.GetProperty("group").GetString());
        foreach (var key in (string[])["selection_rate", "tpr", "fpr", "precision", "roc_auc"])
            Assert.InRange(group.GetProperty(key).GetDouble(), 0, 1);
        Assert.True(group.GetProperty("count").GetInt32() > 30);
        Assert.True(Assert.Single(run.Json().GetProperty("gates").EnumerateArray()).GetProperty("passed").GetBoolean());

        Assert.True(show.ExitCode == 0, show.ToString());
        var stored = Assert.Single(show.Json().GetProperty("fairness").EnumerateArray());
        Assert.Equal(fairness.GetProperty("demographic_parity_ratio").GetDouble(), stored.GetProperty("demographic_parity_ratio").GetDouble());
    }
}
