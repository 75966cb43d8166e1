namespace MLCycle.Cli.Tests;

/// <summary>The whole loop on the telco churn example: run, inspect, promote, predict, monitor, retrain.</summary>
public sealed class LifecycleTests(TrainedStoreFixture fixture) : IClassFixture<TrainedStoreFixture>
{
    [Fact]
    public void Run_telcoExample_championBeatsBaselineOnTestData()
    {
        Assert.True(fixture.Run.ExitCode == 0, fixture.Run.ToString());
        var json = fixture.Run.Json();
        var auc = json.GetProperty("testMetrics").GetProperty("auc").GetDouble();
        var baselineAuc = json.GetProperty("baselineMetrics").GetProperty("auc").GetDouble();
        Assert.InRange(auc, 0.80, 1.0);
        Assert.InRange(baselineAuc, 0.0, 0.55);
        Assert.True(json.GetProperty("promotion").GetProperty("promoted").GetBoolean());
        Assert.Equal(4, json.GetProperty("candidates").GetArrayLength());
        Assert.True(File.Exists(json.GetProperty("reportPath").GetString()));
        Assert.True(File.Exists(Path.Combine(json.GetProperty("packagePath").GetString()!, "manifest.json")));
        var duplicates = json.GetProperty("dataIssues").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "duplicate_rows");
        Assert.Equal(22, duplicates.GetProperty("count").GetInt64());
        Assert.Equal(22, json.GetProperty("duplicatesRemoved").GetInt32());
    }

    [Fact]
    public async Task Predict_yesNoTarget_keepsTheLabelsAsWrittenInTheData()
    {
        var input = Path.Combine(fixture.Store, "labels-in.csv");
        await File.WriteAllLinesAsync(input, File.ReadLines(RepoPaths.Get("examples", "telco-churn", "telco_churn.csv")).Take(30));
        var output = Path.Combine(fixture.Store, "labels-out.csv");
        var result = await Cli.RunAsync("predict", "--model", "churn", "--input", input, "--output", output, "--store", fixture.Store);
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = await File.ReadAllLinesAsync(output);
        var header = lines[0].Split(',');
        Assert.Contains("probability_Yes", header);
        var prediction = Array.IndexOf(header, "prediction");
        Assert.All(lines.Skip(1), l => Assert.Contains(l.Split(',')[prediction], new[] { "Yes", "No" }));
    }

    [Fact]
    public async Task Predict_explain2_addsTheTwoLargestContributionsAsColumns()
    {
        var input = Path.Combine(fixture.Store, "explain-in.csv");
        await File.WriteAllLinesAsync(input, File.ReadLines(RepoPaths.Get("examples", "telco-churn", "telco_churn.csv")).Take(21));
        var output = Path.Combine(fixture.Store, "explain-out.csv");

        var result = await Cli.RunAsync("predict", "--model", "churn", "--input", input, "--output", output, "--explain", "2", "--store", fixture.Store);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = await File.ReadAllLinesAsync(output);
        var header = lines[0].Split(',');
        string[] added = ["explain_1_column", "explain_1_value", "explain_1_contribution", "explain_2_column", "explain_2_value", "explain_2_contribution"];
        Assert.Equal(added, header.Skip(Array.IndexOf(header, "explain_1_column")).Take(6));
        var inputs = File.ReadLines(input).First().Split(',').Where(c => c != "churn").ToHashSet();
        foreach (var line in lines.Skip(1))
        {
            // Telco's values hold no commas, so a plain split reads the row.
            var fields = line.Split(',');
            var column = fields[Array.IndexOf(header, "explain_1_column")];
            Assert.Contains(column, inputs);
            Assert.Equal(fields[Array.IndexOf(header, column)], fields[Array.IndexOf(header, "explain_1_value")]);
            var first = Math.Abs(double.Parse(fields[Array.IndexOf(header, "explain_1_contribution")], System.Globalization.CultureInfo.InvariantCulture));
            var second = Math.Abs(double.Parse(fields[Array.IndexOf(header, "explain_2_contribution")], System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(first >= second, line);
        }
    }

    [Theory]
    [InlineData("0", "--explain must be 1 or more")]
    [InlineData("999", "explain must be between 1 and")]
    public async Task Predict_badExplain_failsWithAClearMessage(string k, string message)
    {
        var input = Path.Combine(fixture.Store, $"explain-bad-{k}.csv");
        await File.WriteAllLinesAsync(input, File.ReadLines(RepoPaths.Get("examples", "telco-churn", "telco_churn.csv")).Take(3));

        var result = await Cli.RunAsync("predict", "--model", "churn", "--input", input, "--output", Path.Combine(fixture.Store, $"explain-bad-{k}-out.csv"),
            "--explain", k, "--store", fixture.Store);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Err);
    }

    [Fact]
    public async Task RunsList_afterRun_listsTheRunAsFinished()
    {
        var result = await Cli.RunAsync("runs", "list", "--store", fixture.Store, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var run = result.Json().GetProperty("items").EnumerateArray().Single(r => r.GetProperty("runId").GetString() == fixture.RunId);
        Assert.Equal("finished", run.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RunsShow_uniquePrefix_showsParamsAndPerFoldMetrics()
    {
        var result = await Cli.RunAsync("runs", "show", fixture.RunId[..6], "--store", fixture.Store, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var run = result.Json().GetProperty("run");
        Assert.Equal("churn", run.GetProperty("params").GetProperty("data.target").GetString());
        Assert.Equal(64, run.GetProperty("params").GetProperty("data.fingerprint").GetString()!.Length);
        Assert.True(run.GetProperty("metrics").TryGetProperty("cv.lightgbm.auc", out _));
    }

    [Fact]
    public async Task RunsShow_unknownRun_exitsOneNamingIt()
    {
        var result = await Cli.RunAsync("runs", "show", "abcdef12", "--store", fixture.Store);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("abcdef12", result.Err);
    }

    [Fact]
    public async Task RunsShow_malformedRunId_exitsTwo()
    {
        var result = await Cli.RunAsync("runs", "show", "not-a-run", "--store", fixture.Store);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not-a-run", result.Err);
    }

    [Fact]
    public async Task ModelsShow_afterFirstRun_championIsVersionOneWithHistory()
    {
        var result = await Cli.RunAsync("models", "show", "churn", "--store", fixture.Store, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal(1, json.GetProperty("model").GetProperty("aliases").GetProperty("champion").GetInt32());
        Assert.Contains(json.GetProperty("aliasHistory").EnumerateArray(), h => h.GetProperty("alias").GetString() == "champion");
    }

    [Fact]
    public async Task Predict_file_appendsPredictionToEveryRow()
    {
        var input = Path.Combine(fixture.Store, "in.csv");
        await File.WriteAllLinesAsync(input, File.ReadLines(RepoPaths.Get("examples", "telco-churn", "telco_churn.csv")).Take(101));
        var output = Path.Combine(fixture.Store, "out.csv");
        var result = await Cli.RunAsync("predict", "--model", "churn@champion", "--input", input, "--output", output, "--store", fixture.Store, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal(101, lines.Length);
        Assert.Contains("prediction", lines[0].Split(','));
        Assert.Equal(100, result.Json().GetProperty("scoredRows").GetInt32());
    }

    [Fact]
    public async Task Predict_rowWithTextInNumericColumn_reportsRowAndKeepsIt()
    {
        var lines = File.ReadLines(RepoPaths.Get("examples", "telco-churn", "telco_churn.csv")).Take(4).ToList();
        var header = lines[0].Split(',');
        var fields = lines[2].Split(',');
        fields[Array.IndexOf(header, "tenure")] = "abc";
        lines[2] = string.Join(',', fields);
        var input = Path.Combine(fixture.Store, "bad-in.csv");
        await File.WriteAllLinesAsync(input, lines);
        var output = Path.Combine(fixture.Store, "bad-out.csv");

        var result = await Cli.RunAsync("predict", "--model", "churn", "--input", input, "--output", output, "--store", fixture.Store, "--json");

        Assert.Equal(1, result.ExitCode);
        var json = result.Json();
        Assert.Equal(1, json.GetProperty("rejectedRows").GetInt32());
        var error = json.GetProperty("errors")[0];
        Assert.Equal(2, error.GetProperty("row").GetInt32());
        Assert.Equal("tenure", error.GetProperty("field").GetString());
        Assert.Equal(4, (await File.ReadAllLinesAsync(output)).Length);
    }

    [Fact]
    public async Task Predict_missingInputFile_exitsTwoNamingIt()
    {
        var result = await Cli.RunAsync("predict", "--model", "churn", "--input", "/nonexistent/in.csv", "--output", Path.Combine(fixture.Store, "x.csv"), "--store", fixture.Store);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/in.csv", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
        Assert.False(File.Exists(Path.Combine(fixture.Store, "x.csv")));
    }

    [Fact]
    public async Task Monitor_trainingData_findsNoDrift()
    {
        var result = await Cli.RunAsync("monitor", "--model", "churn", "--data", RepoPaths.Get("examples", "telco-churn", "telco_churn.csv"), "--store", fixture.Store, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(result.Json().GetProperty("drift").GetProperty("anyDrift").GetBoolean());
    }

    [Fact]
    public async Task Monitor_shiftedData_exitsThreeAndNamesTheFeature()
    {
        var source = File.ReadLines(RepoPaths.Get("examples", "telco-churn", "telco_churn.csv")).ToList();
        var header = source[0].Split(',');
        var tenure = Array.IndexOf(header, "tenure");
        var shifted = source.Skip(1).Select(line =>
        {
            var f = line.Split(',');
            f[tenure] = (int.Parse(f[tenure]) + 60).ToString();
            return string.Join(',', f);
        });
        var path = Path.Combine(fixture.Store, "shifted.csv");
        await File.WriteAllLinesAsync(path, [source[0], .. shifted]);

        var result = await Cli.RunAsync("monitor", "--model", "churn", "--data", path, "--store", fixture.Store, "--json");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("tenure", result.Json().GetProperty("drift").GetProperty("driftedFeatures").EnumerateArray().Select(e => e.GetString()));
    }
}
