namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle evaluate --predictions`: a file of predictions scored with the run's metrics, and bad files answered clearly.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    // mlcycle predict's columns; the expected values below are scikit-learn 1.2.1's on these six rows.
    private const string Scored = """
        customer,churn,contract,w,prediction,probability_No,probability_Yes,error
        a,Yes,month,1,Yes,0.2,0.8,
        b,No,month,2,No,0.9,0.1,
        c,Yes,year,1,No,0.6,0.4,
        d,No,year,0.5,Yes,0.3,0.7,
        e,No,month,1,No,0.8,0.2,
        f,Yes,year,3,Yes,0.1,0.9,
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("mlcycle-evaluate-").FullName;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        return path;
    }

    [Fact]
    public async Task Evaluate_predictOutput_findsTheColumnsAndEqualsScikitLearn()
    {
        var result = await Cli.RunAsync("evaluate", "--predictions", Write("scored.csv", Scored), "--target", "churn", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal("binary", json.GetProperty("task").GetString());
        Assert.Equal("Yes", json.GetProperty("positiveClass").GetString());
        var metrics = json.GetProperty("metrics");
        Assert.Equal(0.888888888888889, metrics.GetProperty("roc_auc").GetDouble(), 1e-12);
        Assert.Equal(0.4628786116906938, metrics.GetProperty("log_loss").GetDouble(), 1e-12);
        Assert.Equal(1.0 / 3, metrics.GetProperty("mcc").GetDouble(), 1e-12);
        Assert.Equal(0.15833333333333333, metrics.GetProperty("brier").GetDouble(), 1e-12);
        Assert.Equal(2.0 / 3, metrics.GetProperty("f1").GetDouble(), 1e-12);
        // sklearn's names only: the legacy 'auc' stays in runs and gates, not in this output.
        Assert.False(metrics.TryGetProperty("auc", out _));
        Assert.False(json.TryGetProperty("slices", out _));
        Assert.False(json.TryGetProperty("gates", out _));
    }

    [Fact]
    public async Task Evaluate_weightColumn_weighsTheRows()
    {
        var result = await Cli.RunAsync("evaluate", "--predictions", Write("scored.csv", Scored), "--target", "churn", "--weight", "w", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var metrics = result.Json().GetProperty("metrics");
        Assert.Equal(0.9714285714285713, metrics.GetProperty("roc_auc").GetDouble(), 1e-12);
        Assert.Equal(0.8235294117647058, metrics.GetProperty("accuracy").GetDouble(), 1e-12);
        Assert.Equal(0.8421052631578948, metrics.GetProperty("f1").GetDouble(), 1e-12);
    }

    [Fact]
    public async Task Evaluate_positiveAndExplicitColumns_scoresThatClass()
    {
        var path = Write("renamed.csv", Scored.Replace("prediction,probability_No,probability_Yes", "label,p_no,p_yes"));

        var result = await Cli.RunAsync("evaluate", "--predictions", path, "--target", "churn", "--prediction", "label",
            "--probability", "No=p_no", "--probability", "Yes=p_yes", "--positive", "No", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal("No", json.GetProperty("positiveClass").GetString());
        Assert.Equal(0.888888888888889, json.GetProperty("metrics").GetProperty("roc_auc").GetDouble(), 1e-12);
        Assert.Equal(2.0 / 3, json.GetProperty("metrics").GetProperty("f1").GetDouble(), 1e-12);
    }

    [Fact]
    public async Task Evaluate_failingGate_exitsSixAndReportsIt()
    {
        var result = await Cli.RunAsync("evaluate", "--predictions", Write("scored.csv", Scored), "--target", "churn",
            "--gates", "roc_auc >= 0.9", "--gates", "auc >= 0.5", "--json");

        Assert.Equal(ExitCodes.GatesFailed, result.ExitCode);
        var gates = result.Json().GetProperty("gates").EnumerateArray().ToList();
        Assert.False(gates[0].GetProperty("passed").GetBoolean());
        // The old key still works in gates.
        Assert.True(gates[1].GetProperty("passed").GetBoolean());
        Assert.False(result.Json().GetProperty("gatesPassed").GetBoolean());
    }

    [Fact]
    public async Task Evaluate_slice_reportsEachValueAndLeavesOutUndefinedMetrics()
    {
        var path = Write("slices.csv", Scored + "\ng,No,two-year,1,No,0.7,0.3,");

        var result = await Cli.RunAsync("evaluate", "--predictions", path, "--target", "churn", "--slice", "contract", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var slices = result.Json().GetProperty("slices").EnumerateArray().ToDictionary(s => s.GetProperty("value").GetString()!);
        Assert.Equal(["month", "two-year", "year"], slices.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1.0, slices["month"].GetProperty("metrics").GetProperty("roc_auc").GetDouble());
        Assert.Equal(0.5, slices["year"].GetProperty("metrics").GetProperty("roc_auc").GetDouble(), 1e-12);
        // One row of one class: ROC-AUC is undefined, so it is absent (not null) and a note says why.
        Assert.False(slices["two-year"].GetProperty("metrics").TryGetProperty("roc_auc", out _));
        Assert.Contains("only 'No'", slices["two-year"].GetProperty("notes").GetProperty("roc_auc").GetString());
    }

    [Fact]
    public async Task Evaluate_labelsOnly_infersMulticlassAndLeavesOutProbabilityMetrics()
    {
        var path = Write("labels.csv", "species,guess\nA,A\nB,C\nC,C\nA,B\n");

        var result = await Cli.RunAsync("evaluate", "--predictions", path, "--target", "species", "--prediction", "guess", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal("multiclass", json.GetProperty("task").GetString());
        Assert.Equal(4.0 / 9, json.GetProperty("metrics").GetProperty("f1_macro").GetDouble(), 1e-12);
        Assert.False(json.GetProperty("metrics").TryGetProperty("log_loss", out _));
        Assert.Contains("no class probabilities", json.GetProperty("notes").GetProperty("log_loss").GetString());
    }

    [Fact]
    public async Task Evaluate_multiclassProbabilitiesWithHtml_drawsOneVsRestCurvesPerClass()
    {
        // Class A is ranked perfectly by its probability; B and C are not.
        var path = Write("species.csv", """
            species,probability_A,probability_B,probability_C
            A,0.8,0.1,0.1
            B,0.1,0.3,0.6
            C,0.2,0.5,0.3
            A,0.6,0.3,0.1
            B,0.2,0.7,0.1
            C,0.1,0.2,0.7
            """);
        var html = Path.Combine(_dir, "species.html");

        var result = await Cli.RunAsync("evaluate", "--predictions", path, "--target", "species", "--html", html, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("multiclass", result.Json().GetProperty("task").GetString());
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("<h2>One-vs-rest curves of the test scores</h2>", page);
        Assert.Contains("aria-label=\"ROC curve of A against the rest, AUC 1\"", page);
        Assert.Contains("aria-label=\"Precision-recall of C against the rest, average precision", page);
        Assert.Contains("aria-label=\"Micro-average ROC curve (every row and class pooled), AUC", page);
        Assert.Contains("<td>macro average</td>", page);
    }

    [Fact]
    public async Task Evaluate_numericPredictions_infersRegression()
    {
        var path = Write("prices.csv", "price,prediction\n10.5,11\n20,19\n30,33\n40,39.5\n");

        var result = await Cli.RunAsync("evaluate", "--predictions", path, "--target", "price", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal("regression", json.GetProperty("task").GetString());
        Assert.Equal((0.25 + 1 + 9 + 0.25) / 4, json.GetProperty("metrics").GetProperty("mse").GetDouble(), 1e-12);
        Assert.Equal(0.75, json.GetProperty("metrics").GetProperty("median_ae").GetDouble(), 1e-12);
    }

    [Fact]
    public async Task Evaluate_terminal_printsAMetricsTable()
    {
        var result = await Cli.RunAsync("evaluate", "--predictions", Write("scored.csv", Scored), "--target", "churn");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("roc_auc", result.Out);
        Assert.Contains("0.8889", result.Out);
    }

    [Fact]
    public async Task Evaluate_missingTargetColumn_exitsTwoNamingTheColumns()
    {
        var result = await Cli.RunAsync("evaluate", "--predictions", Write("scored.csv", Scored), "--target", "churned");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no column 'churned' (--target)", result.Err);
        Assert.Contains("found columns: customer, churn", result.Err);
    }

    [Fact]
    public async Task Evaluate_nonNumericProbability_exitsOneNamingRowAndColumn()
    {
        var path = Write("bad.csv", Scored.Replace("No,0.6,0.4", "No,0.6,high"));

        var result = await Cli.RunAsync("evaluate", "--predictions", path, "--target", "churn");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("row 3, column 'probability_Yes': expected a probability (a number in [0, 1]); found 'high'", result.Err);
    }

    [Fact]
    public async Task Evaluate_unknownClassInPredictions_exitsOneNamingTheClasses()
    {
        var path = Write("unknown.csv", Scored.Replace("d,No,year,0.5,Yes", "d,No,year,0.5,Maybe"));

        var result = await Cli.RunAsync("evaluate", "--predictions", path, "--target", "churn");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("row 4, column 'prediction': expected one of the classes No, Yes; found 'Maybe'", result.Err);
    }

    [Fact]
    public async Task Evaluate_emptyFile_exitsNonZeroSayingItIsEmpty()
    {
        var path = Path.Combine(_dir, "empty.csv");
        await File.WriteAllTextAsync(path, "");

        var result = await Cli.RunAsync("evaluate", "--predictions", path, "--target", "churn");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("empty", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public async Task Evaluate_beatsBaselineGate_exitsTwoAsNoBaselineExists()
    {
        var result = await Cli.RunAsync("evaluate", "--predictions", Write("scored.csv", Scored), "--target", "churn", "--gates", "beats_baseline");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("needs a baseline", result.Err);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
