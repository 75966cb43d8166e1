using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Registry;
using MLCycle.Training;
using static MLCycle.Tests.Training.SyntheticTables;

namespace MLCycle.Tests.Training;

public class ModelTrainerTests
{
    private static TrainingOutcome Train(Table data, string target, TaskKind task, string[] algorithms, int folds = 2, PreparationOptions? prepare = null) =>
        new ModelTrainer().Train(new TrainingRequest
        {
            Data = data, Target = target, Task = task, Algorithms = algorithms, Folds = folds, Prepare = prepare ?? new PreparationOptions(),
        });

    [Theory]
    [InlineData("lightgbm", "binary", TaskKind.Binary)]
    [InlineData("fasttree", "binary", TaskKind.Binary)]
    [InlineData("linear", "binary", TaskKind.Binary)]
    [InlineData("lightgbm", "multiclass", TaskKind.Multiclass)]
    [InlineData("fasttree", "multiclass", TaskKind.Multiclass)]
    [InlineData("linear", "multiclass", TaskKind.Multiclass)]
    [InlineData("lightgbm", "regression", TaskKind.Regression)]
    [InlineData("fasttree", "regression", TaskKind.Regression)]
    [InlineData("linear", "regression", TaskKind.Regression)]
    public void Train_each_algorithm_learns_each_task_better_than_the_baseline(string algorithm, string shape, TaskKind task)
    {
        var outcome = Train(Create(300, shape), "label", task, [algorithm, "baseline"]);

        var model = outcome.Candidates.Single(c => c.Algorithm == algorithm);
        var baseline = outcome.Candidates.Single(c => c.Algorithm == "baseline");
        Assert.Equal(algorithm, outcome.Winner);
        Assert.Equal(algorithm, outcome.Model.Algorithm);
        Assert.Equal(2, model.Folds.Count);
        Assert.Equal(outcome.TestSet.RowCount, model.TestPredictions.Count);
        var key = outcome.PrimaryMetric.Key;
        Assert.True(outcome.PrimaryMetric.HigherIsBetter ? model.Test[key] > baseline.Test[key] : model.Test[key] < baseline.Test[key],
            $"{algorithm} test {key} {model.Test[key]} vs baseline {baseline.Test[key]}");
    }

    [Fact]
    public void Train_same_seed_gives_identical_results()
    {
        var first = Train(Create(200, "binary"), "label", TaskKind.Binary, ["lightgbm", "linear"]);
        var again = Train(Create(200, "binary"), "label", TaskKind.Binary, ["lightgbm", "linear"]);

        Assert.Equal(first.Candidates.Select(c => c.CvMean), again.Candidates.Select(c => c.CvMean));
        Assert.Equal(first.Candidates[0].TestPredictions, again.Candidates[0].TestPredictions, (a, b) => a.Probabilities!["yes"] == b.Probabilities!["yes"]);
    }

    [Fact]
    public void Train_binary_orders_classes_negative_then_positive()
    {
        var outcome = Train(Create(200, "binary"), "label", TaskKind.Binary, ["lightgbm"]);

        Assert.Equal(["no", "yes"], outcome.Classes);
        Assert.Equal("yes", outcome.PositiveClass);
    }

    [Fact]
    public void Train_rows_without_target_are_left_out_and_counted()
    {
        var table = Create(200, "binary");
        var labels = table["label"].Strings!.Select((s, i) => i < 10 ? null : s).ToArray();
        var data = new Table([.. table.Columns.Where(c => c.Name != "label"), Strings("label", labels)]);

        var outcome = Train(data, "label", TaskKind.Binary, ["linear"]);

        Assert.Equal(10, outcome.RowsWithoutTarget);
        Assert.Equal(190, outcome.TrainSet.RowCount + outcome.TestSet.RowCount);
    }

    [Fact]
    public void Train_drop_strategy_removes_incomplete_training_rows()
    {
        var outcome = Train(Create(200, "binary"), "label", TaskKind.Binary, ["linear"], prepare: new PreparationOptions { Missing = MissingStrategy.Drop });

        Assert.True(outcome.RowsDroppedForMissing > 0);
        Assert.All(outcome.TrainSet.Columns, c => Assert.DoesNotContain(Enumerable.Range(0, c.Length), c.IsMissing));
    }

    [Fact]
    public void Train_when_baseline_wins_packages_the_best_model()
    {
        // Pure noise: nothing beats the class priors reliably, but a model must still be packaged.
        var random = new Random(3);
        var data = new Table([
            Numbers("noise", Enumerable.Range(0, 120).Select(_ => random.NextDouble()).ToArray()),
            Strings("label", Enumerable.Range(0, 120).Select(_ => random.Next(2) == 0 ? "a" : "b").ToArray()),
        ]);

        var outcome = Train(data, "label", TaskKind.Binary, ["baseline", "linear"]);

        Assert.Equal("linear", outcome.Model.Algorithm);
        Assert.Contains(outcome.Winner, new[] { "baseline", "linear" });
    }

    [Fact]
    public void Train_unknown_algorithm_is_a_spec_error_listing_the_valid_ones()
    {
        var error = Assert.Throws<MLCycleException>(() => Train(Create(50, "binary"), "label", TaskKind.Binary, ["xgboost"]));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("'xgboost'", error.Message);
        Assert.Contains("lightgbm, fasttree, fastforest, gam, sdca, lbfgs, poisson, averaged_perceptron, linear_svm, mlp, baseline", error.Message);
        Assert.Contains("'linear' is the older name of 'sdca'", error.Message);
    }

    [Fact]
    public void Train_only_baseline_is_a_spec_error()
    {
        var error = Assert.Throws<MLCycleException>(() => Train(Create(50, "binary"), "label", TaskKind.Binary, ["baseline"]));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
    }

    [Fact]
    public void Train_missing_target_column_is_a_spec_error_naming_it()
    {
        var error = Assert.Throws<MLCycleException>(() => Train(Create(50, "binary"), "churn", TaskKind.Binary, ["linear"]));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains("'churn'", error.Message);
    }

    [Fact]
    public void Train_binary_task_on_three_classes_is_a_spec_error()
    {
        var error = Assert.Throws<MLCycleException>(() => Train(Create(60, "multiclass"), "label", TaskKind.Binary, ["linear"]));

        Assert.Contains("exactly 2", error.Message);
    }

    [Fact]
    public void Train_regression_on_a_string_target_is_a_spec_error()
    {
        var error = Assert.Throws<MLCycleException>(() => Train(Create(60, "binary"), "label", TaskKind.Regression, ["linear"]));

        Assert.Contains("numeric target", error.Message);
    }

    [Fact]
    public void Train_learns_from_a_text_column()
    {
        // The label is only in the words: "refund" and "broken" mean a complaint.
        var random = new Random(5);
        var words = new[] { "refund", "broken", "thanks", "great", "love", "late" };
        var notes = Enumerable.Range(0, 240).Select(_ => $"{words[random.Next(words.Length)]} order {words[random.Next(words.Length)]}").ToArray();
        var labels = notes.Select(n => n.Contains("refund") || n.Contains("broken") ? "complaint" : "praise").ToArray();
        var data = new Table([Strings("note", notes, ColumnKind.Text), Strings("label", labels)]);

        var outcome = Train(data, "label", TaskKind.Binary, ["linear", "baseline"]);

        Assert.Equal(ColumnKind.Text, Assert.Single(outcome.Model.Inputs).Kind);
        Assert.True(outcome.Candidates[0].Test["auc"] > 0.9, $"auc {outcome.Candidates[0].Test["auc"]}");
    }

    [Fact]
    public void CreateManifest_fills_inputs_classes_metrics_and_prediction_reference()
    {
        var outcome = Train(Create(200, "binary"), "label", TaskKind.Binary, ["lightgbm", "baseline"]);
        var reference = new MLCycle.Profiling.DatasetProfile { Rows = 200, Columns = [] };

        var manifest = outcome.CreateManifest("demo", reference, "run-1");

        Assert.Equal(["x", "color", "flag"], manifest.Inputs.Select(i => i.Name));
        Assert.Equal(["blue", "green", "red"], manifest.Inputs[1].Categories);
        Assert.True(manifest.Inputs[1].AllowsMissing);
        Assert.False(manifest.Inputs[2].AllowsMissing);
        Assert.Equal(["no", "yes"], manifest.Classes);
        Assert.Equal(outcome.ModelCandidate.Test["auc"], manifest.Metrics["auc"]);
        Assert.Same(reference, manifest.Reference);
        Assert.Equal("run-1", manifest.RunId);
        Assert.Equal(outcome.TestSet.RowCount, manifest.PredictionReference!.TopValues.Sum(v => v.Count));
        Assert.Equal(0.2, manifest.Monitoring!.Psi);
    }

    [Fact]
    public void Train_hashes_categoricals_above_the_threshold()
    {
        var outcome = Train(Create(200, "binary"), "label", TaskKind.Binary, ["lightgbm", "baseline"], prepare: new PreparationOptions { HashingThreshold = 2 });

        var color = outcome.Model.Inputs.Single(i => i.Name == "color");
        Assert.Null(color.Categories);
        Assert.Equal(1, outcome.Model.Layout.HashedCount);
        Assert.True(outcome.Candidates[0].Test["auc"] > outcome.Candidates[1].Test["auc"]);
    }

    [Fact]
    public void Train_cancelled_stops_with_operation_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new ModelTrainer().Train(new TrainingRequest { Data = Create(100, "binary"), Target = "label", Task = TaskKind.Binary, Algorithms = ["linear"] }, null, cancel.Token));
    }

    [Fact]
    public void Train_reports_progress_per_candidate()
    {
        var messages = new List<string>();

        new ModelTrainer().Train(new TrainingRequest { Data = Create(100, "binary"), Target = "label", Task = TaskKind.Binary, Algorithms = ["linear", "baseline"], Folds = 2 },
            new SynchronousProgress(messages.Add));

        Assert.Contains(messages, m => m.StartsWith("split: ", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("linear: cv auc ", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("baseline: cv auc 0.5000", StringComparison.Ordinal));
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests want the messages in order, now.</summary>
    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
