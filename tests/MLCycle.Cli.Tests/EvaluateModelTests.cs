namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle evaluate --model` end to end: a model trained by `mlcycle run`, then scored on a labelled file.</summary>
public sealed class EvaluateModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlcycle-evaluate-model-").FullName;
    private string Store => Path.Combine(_dir, "store");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Evaluate_model_on_a_labelled_file_reports_metrics_slices_fairness_refusals_and_a_failing_gate_exits_6()
    {
        var spec = Path.Combine(_dir, "mlcycle.yaml");
        var data = RepoPaths.Get("tests", "data", "german_credit.csv");
        await File.WriteAllTextAsync(spec, $"""
            name: credit
            data:
              path: {data}
              target: class
              sensitive: [personal_status]
            train: {"{"} algorithms: [linear], cv: 2 {"}"}
            """);
        var run = await Cli.RunAsync("run", spec, "--store", Store, "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        // 200 labelled rows; the third has a duration that is not a number, which the model refuses.
        var lines = (await File.ReadAllLinesAsync(data)).Take(201).ToArray();
        var fields = lines[3].Split(',');
        fields[1] = "six";
        lines[3] = string.Join(',', fields);
        var labelled = Path.Combine(_dir, "labelled.csv");
        await File.WriteAllLinesAsync(labelled, lines);
        var html = Path.Combine(_dir, "evaluation.html");

        var result = await Cli.RunAsync("evaluate", "--model", "credit@champion", "--data", labelled, "--slices", "housing,age:0,30,100",
            "--gates", "roc_auc >= 0.5", "--gates", "accuracy >= 0.999", "--html", html, "--store", Store, "--json");

        Assert.True(result.ExitCode == 6, result.ToString());
        var json = result.Json();
        Assert.Equal(199, json.GetProperty("rows").GetInt32());
        Assert.Equal(1, json.GetProperty("refusedRows").GetInt32());
        var refused = Assert.Single(json.GetProperty("refused").EnumerateArray());
        Assert.Equal(3, refused.GetProperty("row").GetInt32());
        Assert.InRange(json.GetProperty("metrics").GetProperty("roc_auc").GetDouble(), 0.6, 1);
        Assert.InRange(json.GetProperty("metrics").GetProperty("accuracy").GetDouble(), 0.5, 0.999);
        var slices = json.GetProperty("slices").EnumerateArray().ToList();
        Assert.Contains(slices, s => s.GetProperty("column").GetString() == "housing" && s.GetProperty("value").GetString() == "own");
        Assert.Equal(199, slices.Where(s => s.GetProperty("column").GetString() == "age").Sum(s => s.GetProperty("rows").GetInt32()));
        var fairness = Assert.Single(json.GetProperty("fairness").EnumerateArray());
        Assert.Equal("personal_status", fairness.GetProperty("column").GetString());
        Assert.InRange(fairness.GetProperty("demographic_parity_ratio").GetDouble(), 0, 1);
        Assert.Equal(199, fairness.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("count").GetInt32()));
        var gates = json.GetProperty("gates").EnumerateArray().Select(g => g.GetProperty("passed").GetBoolean()).ToList();
        Assert.Equal([true, false], gates);
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("id=\"fairness\"", page);
        Assert.Contains("personal_status", page);
    }

    [Fact]
    public async Task Evaluate_model_with_a_sensitive_column_not_in_the_file_exits_with_a_clear_error()
    {
        var spec = Path.Combine(_dir, "mlcycle.yaml");
        await File.WriteAllTextAsync(spec, $"""
            name: credit
            data: {"{"} path: {RepoPaths.Get("tests", "data", "german_credit.csv")}, target: class {"}"}
            train: {"{"} algorithms: [linear], cv: 2 {"}"}
            """);
        Assert.Equal(0, (await Cli.RunAsync("run", spec, "--store", Store)).ExitCode);

        var result = await Cli.RunAsync("evaluate", "--model", "credit", "--data", RepoPaths.Get("tests", "data", "german_credit.csv"),
            "--sensitive", "gender", "--store", Store);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("'gender'", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }
}
