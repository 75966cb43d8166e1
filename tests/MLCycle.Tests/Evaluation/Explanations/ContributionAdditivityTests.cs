using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Evaluation.Explanations;
using MLCycle.Preparation;
using MLCycle.Tests.Training;
using MLCycle.Training;

namespace MLCycle.Tests.Evaluation.Explanations;

/// <summary>
/// For every learner of the catalog on a slice of real data: base + Σ contributions equals the model's raw score for each
/// test row within 1e-6, by the exact method for trees and linear models, by construction for the sampling method.
/// </summary>
public class ContributionAdditivityTests
{
    private const double Tolerance = 1e-6;

    public static TheoryData<string, string, string?> Cases => new()
    {
        // algorithm, dataset, the exact method expected (null: sampling)
        { "lightgbm", "telco", "tree_shap" },
        { "lightgbm", "ames", "tree_shap" },
        { "lightgbm", "penguins", null },
        { "fasttree", "telco", "tree_shap" },
        { "fasttree", "ames", "tree_shap" },
        { "fastforest", "telco", "tree_shap" },
        { "fastforest", "ames", "tree_shap" },
        { "gam", "telco", "gam" },
        // ML.NET drops the shape functions of features it never split on (Ames has many) without saying which: sampled.
        { "gam", "ames", null },
        { "sdca", "telco", "linear" },
        { "sdca", "ames", "linear" },
        { "sdca", "penguins", null },
        { "lbfgs", "telco", "linear" },
        { "poisson", "ames", "linear" },
        { "averaged_perceptron", "telco", "linear" },
        { "linear_svm", "telco", "linear" },
        { "mlp", "telco", null },
        { "mlp", "ames", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Explain_every_test_row_base_plus_contributions_equals_the_raw_score(string algorithm, string dataset, string? exactMethod)
    {
        var (data, target, task) = Dataset(dataset);
        var outcome = new ModelTrainer().Train(new TrainingRequest { Data = data, Target = target, Task = task, Algorithms = [algorithm], Folds = 2 });
        var model = outcome.Model;
        Assert.NotNull(model.TrainingRows);
        var basis = ExplanationBasis.Create(model, model.TrainingRows);
        var rows = new FeatureEncoder(model.Layout).Encode(outcome.TestSet).Take(40).ToArray();
        var exact = model.Network is null ? ExactExplainer.Create(model.Transformer, model.Layout, task, basis) : null;

        Assert.Equal(exactMethod, exact?.Method);
        if (exact is not null)
        {
            var (features, scores) = FeaturesAndScores(model, rows);
            for (var r = 0; r < rows.Length; r++)
            {
                var explanation = exact.Explain(features[r]);
                var raw = exact.Scale == "log_value" ? Math.Log(scores[r]) : scores[r];
                Assert.Equal(model.Inputs.Count, explanation.Contributions.Count);
                AssertClose(raw, explanation.Base + explanation.Contributions.Sum(), $"{algorithm} row {r}");
            }
        }
        else
        {
            var sampling = new SamplingShapley(model.Layout, basis.Background);
            foreach (var (row, r) in rows.Select((row, r) => (row, r)))
            {
                var label = model.Predict([row])[0].Label;
                var explanation = sampling.Explain(row, batch => Scores(model, batch, label), task == TaskKind.Regression ? "value" : "probability");
                AssertClose(Scores(model, [row], label)[0], explanation.Base + explanation.Contributions.Sum(), $"{algorithm} row {r}");
                Assert.Equal(ExplanationBasis.BackgroundRows, explanation.Samples);
            }
        }
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: raw score {expected:R}, base + contributions {actual:R}");

    // The score the sampling method explains: the positive class's or the row's predicted class's probability, or the value.
    private static double[] Scores(TrainedModel model, IReadOnlyList<FeatureRow> rows, string? label) =>
        model.Predict(rows).Select(p => p.Value ?? p.Probabilities![model.Task == TaskKind.Binary ? model.Classes[1] : label!]).ToArray();

    private static (float[][] Features, double[] Scores) FeaturesAndScores(TrainedModel model, FeatureRow[] rows)
    {
        var output = model.Transformer.Transform(model.Context.Data.LoadFromEnumerable(rows, model.Layout.CreateSchema()));
        return (output.GetColumn<float[]>(PreparationChain.FeaturesColumn).ToArray(), output.GetColumn<float>("Score").Select(s => (double)s).ToArray());
    }

    private static (Table Data, string Target, TaskKind Task) Dataset(string name) => name switch
    {
        "telco" => (CsvTables.Load(RepoFiles.Path("examples/telco-churn/telco_churn.csv"), maxRows: 400), "churn", TaskKind.Binary),
        "ames" => (CsvTables.Load(RepoFiles.Path("examples/ames-housing/ames_housing.csv"), maxRows: 400), "Sale_Price", TaskKind.Regression),
        _ => (CsvTables.Load(RepoFiles.Path("examples/penguins/penguins.csv")), "species", TaskKind.Multiclass),
    };
}
