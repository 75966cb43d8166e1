using MLCycle.Pipelines;
using MLCycle.Storage;

namespace MLCycle.Tests.Pipelines;

/// <summary><c>evaluate.metric</c>: the metric that ranks candidates, decides promotion and heads the report.</summary>
public sealed class PipelineRankingMetricTests : IDisposable
{
    private readonly SpecTempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private PipelineSpec Spec(string evaluate) =>
        SpecLoader.Load(_folder.Write("mlcycle.yaml",
            $"name: credit\ndata:\n  path: {CreditFiles.Csv}\n  target: class\ntrain: {{ algorithms: [linear, lightgbm, baseline], cv: 3 }}\n{evaluate}\n"));

    [Fact]
    public async Task RunAsync_log_loss_ranks_the_candidates_lowest_first_and_decides_promotion()
    {
        await using var store = await MLCycleStore.OpenAsync(Path.Combine(_folder.Path, "store"));
        using var input = await PipelinePreflight.CheckAsync(Spec("evaluate: { metric: log_loss }"));

        var summary = await new PipelineRunner(store).RunAsync(input);

        Assert.All(summary.Candidates, c => Assert.Equal("log_loss", c.Metric));
        var models = summary.Candidates.Where(c => c.Algorithm != "baseline").ToList();
        Assert.Equal(models.MinBy(c => c.CvMean)!.Algorithm, summary.Winner);
        Assert.Equal("log_loss", summary.Promotion.Metric);
        Assert.Equal("log_loss", summary.Verdict.Metric);
        Assert.Equal(summary.TestMetrics["log_loss"], summary.Promotion.ChallengerScore);
        var report = await File.ReadAllTextAsync(summary.ReportPath);
        Assert.Contains("<th class=\"num\">CV log_loss</th>", report);
        // LightGBM chose its rounds by early stopping: the run keeps them as a param and the report's candidates show them.
        var rounds = summary.Candidates.Single(c => c.Algorithm == "lightgbm").Rounds;
        Assert.NotNull(rounds);
        var run = await store.Tracking.GetRunAsync(summary.RunId);
        Assert.Equal(rounds, $"number_of_iterations {run.Params["train.lightgbm.number_of_iterations"]}");
        Assert.Contains($"{rounds} by early stopping", report);
        Assert.Null(summary.Candidates.Single(c => c.Algorithm == "linear").Rounds);
        // The chosen model's learning curve: in the summary (--json), the report and the run's metrics stepped by rows.
        var curve = summary.LearningCurve!;
        Assert.Equal(summary.Winner, curve.Algorithm);
        Assert.Equal("log_loss", curve.Metric);
        Assert.Contains("<section id=\"learning-curve\"><h2>Learning curve</h2>", report);
        Assert.Contains("aria-label=\"Learning curve, log_loss against training rows\"", report);
        var stepped = await store.Tracking.GetMetricHistoryAsync(summary.RunId, "learning_curve.validation.log_loss");
        Assert.Equal(curve.Points.Select(p => ((long)p.Rows, p.ValidationMean)), stepped.Select(m => (m.Step, m.Value)));
    }

    [Fact]
    public async Task CheckAsync_metric_the_task_does_not_have_names_the_key_and_the_known_metrics()
    {
        var e = await Assert.ThrowsAsync<MLCycleException>(() => PipelinePreflight.CheckAsync(Spec("evaluate: { metric: rmse }")));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("evaluate.metric", e.Message);
        Assert.Contains("a binary model has no metric 'rmse' to rank candidates by; known metrics: accuracy,", e.Message);
    }
}
