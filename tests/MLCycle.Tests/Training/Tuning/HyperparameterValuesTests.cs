using System.Collections.Immutable;
using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Training.Algorithms;

namespace MLCycle.Tests.Training.Tuning;

/// <summary>Configurations reach the trainers: a set value changes the model, an empty map trains the defaults, an unknown name is refused.</summary>
public class HyperparameterValuesTests
{
    private static readonly Lazy<Table> Telco = new(() => CsvTables.Load(RepoFiles.Path("examples/telco-churn/telco_churn.csv"), maxRows: 600));

    private static double[] Probabilities(string algorithm, ImmutableDictionary<string, double> values)
    {
        var data = Telco.Value;
        var request = new FitRequest
        {
            Train = data, Target = "churn", Task = TaskKind.Binary, Inputs = InputSchemaBuilder.Build(data, "churn", new PreparationOptions()),
            Classes = ["No", "Yes"], Hyperparameters = values,
        };
        return AlgorithmCatalog.Resolve([algorithm])[0].Fit(request).Predict(data).Select(p => p.Probabilities!["Yes"]).ToArray();
    }

    [Fact]
    public void Fit_defaultsWrittenOut_trainTheSameModelAsAnEmptyMap()
    {
        var written = ImmutableDictionary<string, double>.Empty.Add("number_of_iterations", 100).Add("number_of_leaves", 31).Add("learning_rate", 0.1);

        Assert.Equal(Probabilities("lightgbm", ImmutableDictionary<string, double>.Empty), Probabilities("lightgbm", written));
    }

    [Fact]
    public void Fit_setValue_changesTheModel()
    {
        var fewRounds = ImmutableDictionary<string, double>.Empty.Add("number_of_iterations", 3);

        Assert.NotEqual(Probabilities("lightgbm", ImmutableDictionary<string, double>.Empty), Probabilities("lightgbm", fewRounds));
    }

    [Fact]
    public void Fit_unknownName_isRefusedNamingTheAlgorithmsHyperparameters()
    {
        var e = Assert.Throws<MLCycleException>(() => Probabilities("lbfgs", ImmutableDictionary<string, double>.Empty.Add("number_of_leaves", 8)));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("'lbfgs' has no hyperparameter 'number_of_leaves'; it tunes l2_regularization, l1_regularization", e.Message);
    }
}
