namespace MLCycle.Cli.Tests;

/// <summary>Wrong specs and broken data get a clear message, the right exit code, and write nothing.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlcycle-bad-").FullName;
    private string Store => Path.Combine(_dir, "store");

    private async Task<CliResult> RunSpecAsync(string yaml, string? csv = null)
    {
        if (csv is not null) await File.WriteAllTextAsync(Path.Combine(_dir, "data.csv"), csv);
        var spec = Path.Combine(_dir, "mlcycle.yaml");
        await File.WriteAllTextAsync(spec, yaml);
        return await Cli.RunAsync("run", spec, "--store", Store);
    }

    private const string GoodCsv = "x,y,label\n1,a,yes\n2,b,no\n3,a,yes\n4,b,no\n5,a,yes\n6,b,no\n7,a,yes\n8,b,no\n9,a,yes\n10,b,no\n";

    [Fact]
    public async Task Serve_negativeQueueLatency_exitsTwoNamingTheOptionBeforeListening()
    {
        var result = await Cli.RunAsync("serve", "--max-queue-latency", "-5", "--port", "0", "--store", Store);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--max-queue-latency must be 0 (off) or more milliseconds; found -5", result.Err);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    public async Task Serve_logBacklogOutsidePercent_exitsTwoNamingTheOptionBeforeListening(string percent)
    {
        var result = await Cli.RunAsync("serve", "--max-log-backlog", percent, "--port", "0", "--store", Store);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--max-log-backlog must be a percent from 1 to 100 (100 turns it off); found {percent}", result.Err);
    }

    [Fact]
    public async Task Run_unknownKey_exitsTwoNamingKeyAndLineAndWritesNothing()
    {
        var result = await RunSpecAsync("name: m\ndata:\n  path: data.csv\n  target: label\ntrain:\n  algoritms: [lightgbm]\n", GoodCsv);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("algoritms", result.Err);
        Assert.Contains("6", result.Err);
        Assert.False(Directory.Exists(Store));
    }

    [Fact]
    public async Task Run_escapeSequencesAndOverridesInSpecText_reachTheTerminalEscaped()
    {
        var specs = new[]
        {
            "name: m\ndata:\n  path: data.csv\n  target: label\n  ta\u202erget\u001b[31m: label\n",
            "name: m\ndata:\n  path: \"da\\u202eta\\u001b[2J.csv\"\n  target: label\n",
            "name: m\ndata:\n  path: data.csv\n  target: label\nevaluate:\n  gates: [\"auc\\u202e >= 0.5\\u001b[2J\"]\n",
        };
        foreach (var yaml in specs)
        {
            var result = await RunSpecAsync(yaml, GoodCsv);

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.DoesNotContain('\u001b', result.Err);
            Assert.DoesNotContain('\u202e', result.Err);
            Assert.Contains(@"\u001b", result.Err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_missingDataFile_exitsTwoNamingItAndWritesNothing()
    {
        var result = await RunSpecAsync("name: m\ndata:\n  path: gone.csv\n  target: label\n");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("gone.csv", result.Err);
        Assert.Contains("does not exist", result.Err);
        Assert.False(Directory.Exists(Store));
    }

    [Fact]
    public async Task Run_targetNotInData_exitsTwoAndWritesNothing()
    {
        var result = await RunSpecAsync("name: m\ndata:\n  path: data.csv\n  target: churn\n", GoodCsv);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("data.target", result.Err);
        Assert.Contains("churn", result.Err);
        Assert.False(Directory.Exists(Store));
    }

    [Fact]
    public async Task Run_wrongType_exitsTwoNamingKey()
    {
        var result = await RunSpecAsync("name: m\ndata:\n  path: data.csv\n  target: label\ntrain:\n  cv: five\n", GoodCsv);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("train.cv", result.Err);
    }

    [Fact]
    public async Task Run_missingRequiredKey_exitsTwo()
    {
        var result = await RunSpecAsync("name: m\ndata:\n  path: data.csv\n", GoodCsv);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("data.target", result.Err);
    }

    [Fact]
    public async Task Run_emptyDataFile_exitsOneNamingFile()
    {
        var result = await RunSpecAsync("name: m\ndata:\n  path: data.csv\n  target: label\n", "");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("data.csv", result.Err);
        Assert.False(Directory.Exists(Store));
    }

    [Fact]
    public async Task Run_raggedRow_exitsOneNamingTheLine()
    {
        var result = await RunSpecAsync("name: m\ndata:\n  path: data.csv\n  target: label\n", "x,y,label\n1,a,yes\n2,b,no,extra\n3,a,yes\n");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("data.csv", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public async Task Run_textInNumericColumn_exitsOneNamingColumnAndValue()
    {
        var rows = string.Concat(Enumerable.Range(1, 60).Select(i => $"{(i == 37 ? "oops" : i.ToString())},a,{(i % 2 == 0 ? "yes" : "no")}\n"));
        var result = await RunSpecAsync("name: m\ndata:\n  path: data.csv\n  target: label\n", "x,y,label\n" + rows);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'x'", result.Err);
        Assert.Contains("oops", result.Err);
    }

    [Fact]
    public async Task Run_columnAllMissing_stillTrains()
    {
        var rows = string.Concat(Enumerable.Range(1, 80).Select(i => $"{i},,{(i % 3 == 0 ? "a" : "b")},{(i % 2 == 0 ? "yes" : "no")}\n"));
        var result = await RunSpecAsync("name: m\ndata:\n  path: data.csv\n  target: label\ntrain:\n  algorithms: [lightgbm, baseline]\n  cv: 3\n", "x,empty,y,label\n" + rows);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Run_unknownAlgorithm_exitsTwoListingValidOnes()
    {
        var result = await RunSpecAsync("name: m\ndata:\n  path: data.csv\n  target: label\ntrain:\n  algorithms: [xgboost]\n", GoodCsv);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("xgboost", result.Err);
        Assert.Contains("lightgbm", result.Err);
    }

    [Fact]
    public async Task Run_gateOnUnknownMetric_exitsTwo()
    {
        var result = await RunSpecAsync("name: m\ndata:\n  path: data.csv\n  target: label\nevaluate:\n  gates: [\"rmse <= 3\"]\n", GoodCsv);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("rmse", result.Err);
    }

    [Fact]
    public async Task Run_dataFailingTheSpecsExpectations_exitsFourBeforeTraining()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "expectations.yaml"), "columns:\n  x: { range: [1, 5] }\n");
        var result = await RunSpecAsync("name: m\ndata:\n  path: data.csv\n  target: label\nexpectations: expectations.yaml\n", GoodCsv);
        Assert.Equal(4, result.ExitCode);
        Assert.Contains("range", result.Err);
        Assert.Contains("'x'", result.Err);
        Assert.False(Directory.Exists(Store));
    }

    [Fact]
    public async Task Run_dataPassingTheSpecsExpectations_trains()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "expectations.yaml"), "columns:\n  x: { range: [1, 10], not_null: true }\n  y: { allowed: [a, b] }\n");
        var rows = string.Concat(Enumerable.Range(1, 60).Select(i => $"{i % 10 + 1},{(i % 3 == 0 ? "a" : "b")},{(i % 2 == 0 ? "yes" : "no")}\n"));
        var result = await RunSpecAsync("name: m\ndata:\n  path: data.csv\n  target: label\nexpectations: expectations.yaml\ntrain:\n  algorithms: [lightgbm, baseline]\n  cv: 3\n", "x,y,label\n" + rows);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Monitor_withoutStore_exitsOneSayingSo()
    {
        var result = await Cli.RunAsync("monitor", "--model", "m", "--data", "x.csv", "--store", Store);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No MLCycle store", result.Err);
    }

    [Fact]
    public async Task Monitor_time_column_without_window_exits_two_saying_what_it_goes_with()
    {
        var result = await Cli.RunAsync("monitor", "--model", "m", "--data", "x.csv", "--time-column", "date", "--store", Store);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--time-column goes with --data FILE and --window", result.Err);
    }

    [Fact]
    public async Task Monitor_window_on_a_file_without_time_column_exits_two_before_opening_the_store()
    {
        var result = await Cli.RunAsync("monitor", "--model", "m", "--data", "x.csv", "--window", "1d", "--store", Store);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--window on a file needs --time-column COL", result.Err);
    }

    [Fact]
    public async Task Monitor_unreadable_window_exits_two_showing_the_forms()
    {
        var result = await Cli.RunAsync("monitor", "--model", "m", "--logged", "--window", "1w", "--store", Store);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--window expects a whole number with m, h or d", result.Err);
    }

    [Fact]
    public async Task UnknownOption_exitsTwo()
    {
        var result = await Cli.RunAsync("runs", "list", "--frobnicate");
        Assert.Equal(2, result.ExitCode);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
