using MLCycle.Pipelines;

namespace MLCycle.Tests.Pipelines;

/// <summary><c>train.budget</c> and <c>train.trials</c>, and the search a spec without a <c>train</c> key asks for.</summary>
public sealed class SpecSearchKeyTests
{
    private const string File = "/specs/mlcycle.yaml";

    private static TrainSpec Train(string train) =>
        SpecLoader.Parse($"name: churn\ndata:\n  path: telco_churn.csv\n  target: churn\n{train}", File).Train;

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("2m", 120)]
    [InlineData("1m30s", 90)]
    [InlineData("45", 45)]
    [InlineData("1h", 3600)]
    public void Parse_budget_readsTheDuration(string text, double seconds)
    {
        var train = Train($"train: {{ budget: {text} }}\n");

        Assert.Equal(TimeSpan.FromSeconds(seconds), train.Budget);
        Assert.True(train.Searches);
        Assert.False(train.DefaultSearch);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("0s")]
    [InlineData("-5s")]
    public void Parse_badBudget_namesTheKeyAndAnExample(string text)
    {
        var e = Assert.Throws<MLCycleException>(() => Train($"train: {{ budget: \"{text}\" }}\n"));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("train.budget", e.Message);
        Assert.Contains("90s", e.Message);
    }

    [Fact]
    public void Parse_zeroTrials_isRefused()
    {
        var e = Assert.Throws<MLCycleException>(() => Train("train: { trials: 0 }\n"));

        Assert.Contains("train.trials", e.Message);
    }

    [Fact]
    public void Parse_noTrainKey_searchesTheWholeCatalogWithTheDefaultBudget()
    {
        var train = Train("");

        Assert.True(train.DefaultSearch);
        Assert.Equal(["lightgbm", "fasttree", "fastforest", "gam", "sdca", "lbfgs", "averaged_perceptron", "linear_svm", "mlp", "baseline"],
            SearchSpace.Algorithms(train, TaskKind.Binary, weighted: false));
        // 7,043 rows x 21 columns / 4,000 = 37 s; a million cells are capped at 100 s, a tiny table raised to 10 s.
        Assert.Equal(TimeSpan.FromSeconds(37), SearchSpace.Options(train, 7043, 21)!.Budget);
        Assert.Equal(TimeSpan.FromSeconds(100), SearchSpace.Options(train, 50_000, 20)!.Budget);
        Assert.Equal(TimeSpan.FromSeconds(10), SearchSpace.Options(train, 300, 5)!.Budget);
    }

    [Fact]
    public void Parse_listedAlgorithmsWithoutSearch_trainAsListed()
    {
        var train = Train("train: { algorithms: [lightgbm, linear] }\n");

        Assert.False(train.Searches);
        Assert.Null(SearchSpace.Options(train, 7043, 21));
        Assert.Equal(["lightgbm", "linear"], SearchSpace.Algorithms(train, TaskKind.Binary, weighted: false));
    }

    [Fact]
    public void Parse_listedAlgorithmsWithTrials_searchThemWithTheBaseline()
    {
        var train = Train("train: { algorithms: [lightgbm, linear], trials: 12 }\n");

        Assert.Equal(["lightgbm", "linear", "baseline"], SearchSpace.Algorithms(train, TaskKind.Binary, weighted: false));
        Assert.Equal(12, SearchSpace.Options(train, 7043, 21)!.Trials);
        Assert.Null(SearchSpace.Options(train, 7043, 21)!.Budget);
    }
}
