using MLCycle.Data;
using MLCycle.Training;

namespace MLCycle.Tests.Training;

/// <summary><c>train.class_weight: balanced</c>: every class carries the same total weight in training.</summary>
public class ClassWeightTests
{
    [Fact]
    public void For_gives_each_class_rows_over_classes_times_its_count()
    {
        // scikit-learn: compute_class_weight("balanced", classes=["a","b"], y=["a","a","a","b"]) = [0.6667, 2.0].
        var weights = BalancedClassWeights.For(["a", "a", "a", "b"], null);

        Assert.Equal([4f / 6, 4f / 6, 4f / 6, 2f], weights);
        Assert.Equal(2.0, weights.Where((_, i) => i < 3).Sum(), 5);
        Assert.Equal(2.0, weights[3], 5);
    }

    [Fact]
    public void For_multiplies_the_sample_weights()
    {
        var weights = BalancedClassWeights.For(["a", "a", "a", "b"], [1f, 2f, 0f, 3f]);

        Assert.Equal([4f / 6, 8f / 6, 0f, 6f], weights);
    }

    [Fact]
    public void Train_balanced_telco_finds_more_churners_at_the_default_threshold()
    {
        // 26% of customers churn: unweighted, the linear model leans to "No"; balanced, both classes count alike.
        var data = CsvTables.Load(RepoFiles.Path("examples/telco-churn/telco_churn.csv"));
        TrainingRequest Request(ClassWeight weight) => new()
        {
            Data = data, Target = "churn", Task = TaskKind.Binary, Algorithms = ["linear"], Folds = 2, ClassWeight = weight,
            // At a fixed cut: a chosen threshold would move toward the churners by itself and hide the weights' effect.
            Threshold = ThresholdRule.Fixed(0.5),
        };

        var plain = new ModelTrainer().Train(Request(ClassWeight.None)).ModelCandidate.Test;
        var balanced = new ModelTrainer().Train(Request(ClassWeight.Balanced)).ModelCandidate.Test;

        Assert.True(balanced["recall"] > plain["recall"] + 0.15, $"recall {plain["recall"]} -> {balanced["recall"]}");
        // Ranking is barely touched: weighting moves the threshold, not the order of the scores.
        Assert.Equal(plain["auc"], balanced["auc"], 0.02);
    }

    [Fact]
    public void Train_balanced_with_a_learner_that_cannot_weigh_rows_is_refused_not_ignored()
    {
        var data = CsvTables.Load(RepoFiles.Path("tests/data/pima_diabetes.csv"), maxRows: 200);

        var e = Assert.Throws<MLCycleException>(() => new ModelTrainer().Train(new TrainingRequest
        {
            Data = data, Target = "diabetes", Task = TaskKind.Binary, Algorithms = ["mlp"], Folds = 2, ClassWeight = ClassWeight.Balanced,
        }));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("Algorithm 'mlp' cannot weigh rows, and this run weighs them (population weights or train.class_weight)", e.Message);
    }

    [Fact]
    public void Train_balanced_regression_is_a_spec_error()
    {
        var data = CsvTables.Load(RepoFiles.Path("examples/ames-housing/ames_housing.csv"), maxRows: 100);

        var e = Assert.Throws<MLCycleException>(() => new ModelTrainer().Train(new TrainingRequest
        {
            Data = data, Target = "Sale_Price", Task = TaskKind.Regression, Algorithms = ["linear"], Folds = 2, ClassWeight = ClassWeight.Balanced,
        }));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("class_weight 'balanced' weighs classes, but this task is regression", e.Message);
    }
}
