namespace MLCycle.Cli.Tests;

/// <summary>`evaluate.baseline`: an expert's predictions compared with the model on the same test rows, and the `beats_expert` gate.</summary>
public sealed class RunExpertBaselineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlcycle-expert-").FullName;
    private string Store => Path.Combine(_dir, "store");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_with_a_rule_based_expert_compares_on_the_covered_test_rows_and_beats_expert_passes()
    {
        var rows = await WriteDataAsync();
        // A rule of thumb for every other customer: no checking account means good credit.
        await WriteExpertAsync(rows.Where((_, i) => i % 2 == 0).Select(r => $"{r.Id},{(r.Fields[0] == "no checking" ? "good" : "bad")}"));
        var spec = await WriteSpecAsync("baseline: expert.csv\n  baseline_key: id", "[beats_expert]");

        var run = await Cli.RunAsync("run", spec, "--store", Store, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        var expert = json.GetProperty("expert");
        int covered = expert.GetProperty("rows").GetInt32(), test = expert.GetProperty("testRows").GetInt32();
        Assert.InRange(covered, test / 4, test * 3 / 4);
        Assert.Equal("key 'id'", expert.GetProperty("matchedBy").GetString());
        var expertAuc = expert.GetProperty("expertMetrics").GetProperty("roc_auc").GetDouble();
        var modelAuc = expert.GetProperty("modelMetrics").GetProperty("roc_auc").GetDouble();
        Assert.InRange(expertAuc, 0.55, 0.8);
        Assert.True(modelAuc > expertAuc, run.Out);
        var gate = Assert.Single(json.GetProperty("gates").EnumerateArray());
        Assert.True(gate.GetProperty("passed").GetBoolean());
        Assert.Contains("the expert", gate.GetProperty("expected").GetString());
        Assert.True(json.GetProperty("promotion").GetProperty("promoted").GetBoolean());
        var report = await File.ReadAllTextAsync(json.GetProperty("reportPath").GetString()!);
        Assert.Contains("id=\"expert\"", report);
        var show = await Cli.RunAsync("runs", "show", json.GetProperty("runId").GetString()!, "--store", Store, "--json");
        Assert.Contains("expert.roc_auc", show.Out);
    }

    [Fact]
    public async Task Run_with_an_expert_who_knows_the_answers_fails_beats_expert_and_is_not_promoted()
    {
        var rows = await WriteDataAsync();
        await WriteExpertAsync(rows.Select(r => $"{r.Id},{r.Fields[^1]}"));
        var spec = await WriteSpecAsync("baseline: expert.csv\n  baseline_key: id", "[beats_expert]");

        var run = await Cli.RunAsync("run", spec, "--store", Store, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal(1.0, json.GetProperty("expert").GetProperty("expertMetrics").GetProperty("accuracy").GetDouble());
        Assert.False(Assert.Single(json.GetProperty("gates").EnumerateArray()).GetProperty("passed").GetBoolean());
        Assert.False(json.GetProperty("promotion").GetProperty("promoted").GetBoolean());
    }

    [Theory]
    [InlineData("baseline: expert.csv", "[]", "has 3 rows but the data has 600", 2)]
    [InlineData("baseline: expert.csv\n  baseline_key: id", "[]", "in rows 1 and 3", 1)]
    [InlineData("baseline_key: id", "[]", "give the file with 'evaluate.baseline' too", 2)]
    [InlineData("metric: roc_auc", "[beats_expert]", "give them with 'evaluate.baseline: FILE'", 2)]
    public async Task Run_with_an_ambiguous_or_missing_expert_fails_with_a_clear_message(string expertKeys, string gates, string expected, int exit)
    {
        await WriteDataAsync();
        await WriteExpertAsync(["0,good", "1,bad", "0,bad"]);
        var spec = await WriteSpecAsync(expertKeys, gates);

        var run = await Cli.RunAsync("run", spec, "--store", Store);

        Assert.True(run.ExitCode == exit, run.ToString());
        Assert.Contains(expected, run.Err);
        Assert.DoesNotContain("   at ", run.Err);
    }

    private async Task<List<(int Id, string[] Fields)>> WriteDataAsync()
    {
        var lines = (await File.ReadAllLinesAsync(RepoPaths.Get("tests", "data", "german_credit.csv"))).Take(601).ToArray();
        var rows = lines.Skip(1).Select((l, i) => (i, l.Split(','))).ToList();
        await File.WriteAllLinesAsync(Path.Combine(_dir, "credit.csv"), [$"id,{lines[0]}", .. lines.Skip(1).Select((l, i) => $"{i},{l}")]);
        return rows;
    }

    private Task WriteExpertAsync(IEnumerable<string> rows) => File.WriteAllLinesAsync(Path.Combine(_dir, "expert.csv"), ["id,prediction", .. rows]);

    private async Task<string> WriteSpecAsync(string expert, string gates)
    {
        var spec = Path.Combine(_dir, "mlcycle.yaml");
        await File.WriteAllTextAsync(spec, $"""
            name: credit
            data:
              path: credit.csv
              target: class
              ignore: [id]
            train: {"{"} algorithms: [linear], cv: 2 {"}"}
            evaluate:
              {expert}
              gates: {gates}
            """);
        return spec;
    }
}
