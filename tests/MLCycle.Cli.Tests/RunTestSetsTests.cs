namespace MLCycle.Cli.Tests;

/// <summary>`evaluate.test_sets` and `evaluate.slices` in a spec: the run scores the chosen model on extra files and slices its test rows.</summary>
public sealed class RunTestSetsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlcycle-test-sets-").FullName;
    private string Store => Path.Combine(_dir, "store");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_with_test_sets_and_slices_reports_metrics_slices_and_fairness_per_set()
    {
        var lines = await File.ReadAllLinesAsync(RepoPaths.Get("tests", "data", "german_credit.csv"));
        await File.WriteAllLinesAsync(Path.Combine(_dir, "credit.csv"), lines.Take(801));
        await File.WriteAllLinesAsync(Path.Combine(_dir, "march.csv"), [lines[0], .. lines.Skip(801).Take(100)]);
        // April has one row whose duration is not a number: it is refused and counted, not dropped silently.
        var april = lines.Skip(901).ToArray();
        var fields = april[0].Split(',');
        fields[1] = "six";
        april[0] = string.Join(',', fields);
        await File.WriteAllLinesAsync(Path.Combine(_dir, "april.csv"), [lines[0], .. april]);
        var spec = await WriteSpecAsync("[march.csv, april.csv]", "[housing, {column: age, bins: [0, 30, 100]}]");

        var run = await Cli.RunAsync("run", spec, "--store", Store, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        var testSlices = json.GetProperty("testSlices").EnumerateArray().ToList();
        Assert.Contains(testSlices, s => s.GetProperty("column").GetString() == "housing" && s.GetProperty("value").GetString() == "own");
        Assert.Equal(["[0, 30)", "[30, 100]"], testSlices.Where(s => s.GetProperty("column").GetString() == "age" && s.GetProperty("rows").GetInt32() > 0).Select(s => s.GetProperty("value").GetString()));
        var sets = json.GetProperty("testSets").EnumerateArray().ToList();
        Assert.Equal(["march", "april"], sets.Select(s => s.GetProperty("name").GetString()));
        var march = sets[0].GetProperty("report");
        var aprilReport = sets[1].GetProperty("report");
        Assert.Equal(100, march.GetProperty("rows").GetInt32());
        Assert.Equal(99, aprilReport.GetProperty("rows").GetInt32());
        Assert.Equal(1, aprilReport.GetProperty("refusedRows").GetInt32());
        Assert.InRange(march.GetProperty("metrics").GetProperty("roc_auc").GetDouble(), 0.55, 1);
        Assert.Equal(100, march.GetProperty("slices").EnumerateArray().Where(s => s.GetProperty("column").GetString() == "housing").Sum(s => s.GetProperty("rows").GetInt32()));
        var fairness = Assert.Single(march.GetProperty("fairness").EnumerateArray());
        Assert.Equal(100, fairness.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("count").GetInt32()));
        var report = await File.ReadAllTextAsync(json.GetProperty("reportPath").GetString()!);
        Assert.Contains("id=\"test-sets\"", report);
        Assert.Contains("id=\"fairness-april\"", report);
        var show = await Cli.RunAsync("runs", "show", json.GetProperty("runId").GetString()!, "--store", Store, "--json");
        Assert.Contains("test_set.march.roc_auc", show.Out);
    }

    [Theory]
    [InlineData("[march.csv]", "[housing]", "test set 'march.csv' not found", "line 8")]
    [InlineData("[]", "[housing, {column: tenure, bins: [0, 12]}]", "column 'tenure' is not in", "line 9")]
    [InlineData("[]", "[{column: age, bins: [30, 10]}]", "strictly increasing", "line 9")]
    public async Task Run_with_a_bad_test_set_or_slice_fails_naming_the_key_and_line(string testSets, string slices, string expected, string line)
    {
        await File.WriteAllLinesAsync(Path.Combine(_dir, "credit.csv"), (await File.ReadAllLinesAsync(RepoPaths.Get("tests", "data", "german_credit.csv"))).Take(200));
        var spec = await WriteSpecAsync(testSets, slices);

        var run = await Cli.RunAsync("run", spec, "--store", Store);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Err);
        Assert.Contains(line, run.Err);
        Assert.DoesNotContain("   at ", run.Err);
    }

    private async Task<string> WriteSpecAsync(string testSets, string slices)
    {
        var spec = Path.Combine(_dir, "mlcycle.yaml");
        await File.WriteAllTextAsync(spec, $"""
            name: credit
            data:
              path: credit.csv
              target: class
              sensitive: [personal_status]
            train: {"{"} algorithms: [linear], cv: 2 {"}"}
            evaluate:
              test_sets: {testSets}
              slices: {slices}
            """);
        return spec;
    }
}
