using System.Text.Json;
using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Preparation.Treatments;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Serving;
using MLCycle.Tests.Training;
using MLCycle.Training;

namespace MLCycle.Tests.Serving;

/// <summary>The treated model loaded back the way serving loads it, in a fresh ML.NET context.</summary>
public sealed class TreatedModelTests(TreatedPenguinsFixture fixture) : IClassFixture<TreatedPenguinsFixture>
{
    private string Package => fixture.Directory;
    private Table Data => fixture.Data;
    private TrainingOutcome Outcome => fixture.Outcome;
    private static TreatmentOptions Treatments => TreatedPenguinsFixture.Treatments;

    private static Dictionary<string, JsonElement> Row(double? bill, double? mass, string island, string? sex = "male") =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(new
        {
            island, bill_length_mm = bill, bill_depth_mm = 18.0, flipper_length_mm = 190.0, body_mass_g = mass, sex, year = 2008,
        }))!;

    private static IReadOnlyDictionary<string, double> Probabilities(LoadedModel model, Dictionary<string, JsonElement> row)
    {
        var result = model.Score([row]);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        return result.Predictions[0]!.Probabilities!;
    }

    [Fact]
    public async Task Manifest_records_what_was_fitted_on_the_training_rows_only()
    {
        var manifest = await ModelPackage.ReadManifestAsync(Package);
        var recorded = manifest.Treatments!;
        var mass = recorded.ForNumeric("body_mass_g")!;
        var expected = TreatmentFitter.Fit(Outcome.TrainSet, "species", Treatments).ForNumeric("body_mass_g")!;
        var leaky = TreatmentFitter.Fit(Data, "species", Treatments).ForNumeric("body_mass_g")!;

        Assert.Equal((expected.Low, expected.High), (mass.Low, mass.High));
        Assert.NotEqual((leaky.Low, leaky.High), (mass.Low, mass.High));
        Assert.Equal("percentiles 5-95", mass.Rule);
        Assert.Equal(["torgersen"], recorded.ForCategory("island")!.Merged);
        Assert.Equal(CategoryNormalization.TrimAndCaseFold, recorded.Normalization);
        Assert.Equal(OutlierMode.Remove, recorded.ForNumeric("flipper_length_mm")!.Outliers);
        Assert.True(Outcome.RowsRemovedAsOutliers > 0);
    }

    [Fact]
    public async Task Loaded_model_clips_values_beyond_the_fitted_bound_to_the_bound()
    {
        using var model = await LoadedModel.LoadAsync(Package);
        var high = model.Manifest.Treatments!.ForNumeric("body_mass_g")!.High!.Value;

        var atBound = Probabilities(model, Row(45, high, "Biscoe"));

        Assert.Equal(atBound, Probabilities(model, Row(45, 1_000_000, "Biscoe")));
        Assert.NotEqual(atBound, Probabilities(model, Row(45, high - 500, "Biscoe")));
    }

    [Fact]
    public async Task Loaded_model_reads_a_sentinel_as_missing()
    {
        using var model = await LoadedModel.LoadAsync(Package);

        Assert.Equal(Probabilities(model, Row(null, 4000, "Dream")), Probabilities(model, Row(-1, 4000, "Dream")));
        Assert.Equal(Probabilities(model, Row(45, 4000, "Dream", sex: null)), Probabilities(model, Row(45, 4000, "Dream", sex: "?")));
    }

    [Fact]
    public async Task Loaded_model_normalises_categories_and_merges_the_rare_level()
    {
        using var model = await LoadedModel.LoadAsync(Package);

        var result = model.Score([Row(45, 4000, " BISCOE "), Row(45, 4000, "Biscoe"), Row(45, 4000, "torgersen "), Row(45, 4000, "Torgersen")]);

        Assert.Equal(result.Predictions[0]!.Probabilities, result.Predictions[1]!.Probabilities);
        Assert.Equal(result.Predictions[2]!.Probabilities, result.Predictions[3]!.Probabilities);
        Assert.NotEqual(result.Predictions[0]!.Probabilities, result.Predictions[2]!.Probabilities);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task Loaded_model_scores_a_table_exactly_as_the_trained_model()
    {
        using var model = await LoadedModel.LoadAsync(Package);

        var scored = model.Score(Outcome.TestSet);

        Assert.Equal(Outcome.Model.Predict(Outcome.TestSet).Select(p => p.Probabilities), scored.Predictions.Select(p => p!.Probabilities));
    }
}
