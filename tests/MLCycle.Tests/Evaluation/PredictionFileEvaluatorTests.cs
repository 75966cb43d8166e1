using MLCycle.Evaluation;

namespace MLCycle.Tests.Evaluation;

/// <summary>How a file of predictions is read: the task inferred, the classes, the positive class and the predicted labels.</summary>
public sealed class PredictionFileEvaluatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlcycle-predictions-").FullName;

    private Task<EvaluationReport> EvaluateAsync(string csv, EvaluateOptions options, PredictionColumns? columns = null)
    {
        var path = Path.Combine(_dir, $"p{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv);
        return new PredictionFileEvaluator().EvaluateAsync(path, options, columns);
    }

    [Fact]
    public async Task EvaluateAsync_oneProbabilityColumn_isBinaryWithTheComplementForTheOtherClass()
    {
        var report = await EvaluateAsync("y,prediction,p\nspam,spam,0.9\nham,ham,0.2\nspam,ham,0.4\nham,spam,0.6\n",
            new EvaluateOptions { Target = "y" }, new PredictionColumns { Probabilities = new Dictionary<string, string> { ["spam"] = "p" } });

        Assert.Equal(TaskKind.Binary, report.Task);
        Assert.Equal("spam", report.PositiveClass);
        // Positives 0.9, 0.4 against negatives 0.2, 0.6: 3 of 4 pairs.
        Assert.Equal(0.75, report.Metrics["roc_auc"], 12);
        Assert.Equal(0.5, report.Metrics["accuracy"], 12);
    }

    [Fact]
    public async Task EvaluateAsync_zeroOneLabels_isBinaryWithPositiveOne()
    {
        var report = await EvaluateAsync("y,prediction\n1,1\n0,1\n1,0\n0,0\n1,1\n", new EvaluateOptions { Target = "y" });

        Assert.Equal(TaskKind.Binary, report.Task);
        Assert.Equal("1", report.PositiveClass);
        Assert.Equal(2.0 / 3, report.Metrics["precision"], 12);
        Assert.False(report.Metrics.ContainsKey("roc_auc"));
        Assert.Equal("no class probabilities were given", report.Notes["roc_auc"]);
    }

    [Fact]
    public async Task EvaluateAsync_manyIntegerValues_isRegression()
    {
        var rows = string.Join("\n", Enumerable.Range(0, 12).Select(i => $"{i},{i + 1}"));
        var report = await EvaluateAsync("y,prediction\n" + rows + "\n", new EvaluateOptions { Target = "y" });

        Assert.Equal(TaskKind.Regression, report.Task);
        Assert.Equal(1.0, report.Metrics["mae"], 12);
    }

    [Fact]
    public async Task EvaluateAsync_taskGiven_overridesTheInference()
    {
        var report = await EvaluateAsync("y,prediction\n1,1\n2,3\n3,3\n", new EvaluateOptions { Target = "y", Task = TaskKind.Regression });

        Assert.Equal(TaskKind.Regression, report.Task);
        Assert.Equal("given with --task", report.TaskReason);
        Assert.Equal(1.0 / 3, report.Metrics["mse"], 12);
    }

    [Fact]
    public async Task EvaluateAsync_noPredictionColumn_predictsTheMostProbableClass()
    {
        var report = await EvaluateAsync("y,probability_a,probability_b,probability_c\na,0.5,0.3,0.2\nb,0.2,0.3,0.5\nc,0.1,0.1,0.8\n",
            new EvaluateOptions { Target = "y" });

        Assert.Equal(TaskKind.Multiclass, report.Task);
        Assert.Null(report.PredictionColumn);
        Assert.Equal(2.0 / 3, report.Metrics["accuracy"], 12);
        Assert.Equal(["a", "b", "c"], report.Classes);
    }

    [Fact]
    public async Task EvaluateAsync_negativeWeight_isRefusedNamingRowAndColumn()
    {
        var ex = await Assert.ThrowsAsync<MLCycleException>(() =>
            EvaluateAsync("y,prediction,w\n1.5,1,1\n2.5,3,-1\n", new EvaluateOptions { Target = "y", WeightColumn = "w" }));

        Assert.Equal(ErrorKind.BadData, ex.Kind);
        Assert.Contains("row 2, column 'w': expected a sample weight (a number >= 0); found '-1'", ex.Message);
    }

    [Fact]
    public async Task EvaluateAsync_positiveNotAClass_isABadSpec()
    {
        var ex = await Assert.ThrowsAsync<MLCycleException>(() =>
            EvaluateAsync("y,prediction,probability_No,probability_Yes\nYes,Yes,0.2,0.8\nNo,No,0.7,0.3\n", new EvaluateOptions { Target = "y", PositiveClass = "yes" }));

        Assert.Equal(ErrorKind.BadSpec, ex.Kind);
        Assert.Contains("Positive class 'yes'", ex.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
