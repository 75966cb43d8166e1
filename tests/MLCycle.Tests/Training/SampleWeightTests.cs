using MLCycle.Training;

namespace MLCycle.Tests.Training;

/// <summary>Sample weights reach the ML.NET trainers on training rows only, and never become a model input.</summary>
public sealed class SampleWeightTests
{
    private static readonly MLCycle.Data.Table Credit = CsvTables.Load(RepoFiles.Path("tests/data/german_credit.csv"));

    private static TrainingOutcome Train(string algorithm, IReadOnlyList<double>? weights) =>
        new ModelTrainer().Train(new TrainingRequest
        {
            Data = Credit, Target = "class", Task = TaskKind.Binary, Algorithms = [algorithm], Folds = 2, Weights = weights,
        });

    private static IEnumerable<string> Describe(TrainingOutcome outcome) =>
        outcome.Model.Inputs.Select(i => $"{i.Name} {i.Kind} {i.AllowsMissing} [{string.Join("|", i.Categories ?? [])}]");

    private static double MeanBadProbability(TrainingOutcome outcome) =>
        outcome.ModelCandidate.TestPredictions.Average(p => p.Probabilities!["bad"]);

    [Theory]
    [InlineData("lightgbm")]
    [InlineData("fasttree")]
    [InlineData("linear")]
    [InlineData("fastforest")]
    [InlineData("gam")]
    [InlineData("lbfgs")]
    [InlineData("linear_svm")]
    public void Train_bad_rows_weighted_three_times_raises_the_predicted_bad_rate(string algorithm)
    {
        var target = Credit["class"];
        var weights = Enumerable.Range(0, Credit.RowCount).Select(r => target.Strings![r] == "bad" ? 3.0 : 1.0).ToArray();

        var plain = Train(algorithm, null);
        var weighted = Train(algorithm, weights);

        // 30% of rows are bad; weighted 3:1 they carry 9/16 of the weight. Both runs are seeded and identical but for the
        // weights (see the all-ones test), so any move is theirs; measured: lightgbm +0.07, fasttree +0.03, linear over +0.1.
        var (before, after) = (MeanBadProbability(plain), MeanBadProbability(weighted));
        Assert.True(after > before + 0.025, $"{algorithm}: mean P(bad) {before:F3} unweighted, {after:F3} weighted");
        // The test set is the same rows in both runs, scored without weights.
        Assert.Equal(plain.TestSet["class"].Strings!, weighted.TestSet["class"].Strings!);
        Assert.Equal(Describe(plain), Describe(weighted));
        Assert.DoesNotContain(weighted.Model.Inputs, i => i.Name.Contains("weight", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("lightgbm")]
    [InlineData("fasttree")]
    [InlineData("linear")]
    [InlineData("fastforest")]
    [InlineData("lbfgs")]
    public void Train_multiclass_weighted_toward_one_species_predicts_it_more_often(string algorithm)
    {
        var penguins = CsvTables.Load(RepoFiles.Path("examples/penguins/penguins.csv"));
        var species = penguins["species"].Strings!;
        // Every other feature removed but one weak one, so the classes overlap and weights decide the borderline rows.
        var data = new MLCycle.Data.Table([penguins["species"], penguins["body_mass_g"]]);
        TrainingOutcome Run(IReadOnlyList<double>? weights) => new ModelTrainer().Train(new TrainingRequest
        {
            Data = data, Target = "species", Task = TaskKind.Multiclass, Algorithms = [algorithm], Folds = 2, Weights = weights,
        });

        var plain = Run(null);
        var weighted = Run(species.Select(s => s == "Chinstrap" ? 10.0 : 1.0).ToArray());

        int Chinstraps(TrainingOutcome o) => o.ModelCandidate.TestPredictions.Count(p => p.Label == "Chinstrap");
        Assert.True(Chinstraps(weighted) > Chinstraps(plain), $"{algorithm}: {Chinstraps(plain)} Chinstrap predictions unweighted, {Chinstraps(weighted)} weighted");
    }

    [Fact]
    public void Train_weights_of_one_give_the_same_model_as_no_weights()
    {
        var plain = Train("lightgbm", null);
        var ones = Train("lightgbm", Enumerable.Repeat(1.0, Credit.RowCount).ToArray());

        Assert.Equal(MeanBadProbability(plain), MeanBadProbability(ones), 6);
    }

    [Fact]
    public void Train_weights_not_one_per_row_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Train("linear", [1.0, 2.0]));

        Assert.Contains("one weight per row (1000)", e.Message);
    }

    [Fact]
    public void Train_negative_weight_is_refused_naming_the_row()
    {
        var weights = Enumerable.Repeat(1.0, Credit.RowCount).ToArray();
        weights[7] = -1;

        var e = Assert.Throws<ArgumentException>(() => Train("linear", weights));

        Assert.Contains("row 7", e.Message);
    }
}
