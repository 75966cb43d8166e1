using System.Text.Json;
using MLCycle.Data;
using MLCycle.Registry;
using MLCycle.Serving;

namespace MLCycle.Tests.Serving;

/// <summary>A number past float's range reaches a linear model as an infinity and gives a score no answer can carry: the row is
/// refused naming the column (the server answered a 500 midway through its answer), and the request's other rows are scored.</summary>
public sealed class NonFiniteScoreTests(OnnxModelsFixture models) : IClassFixture<OnnxModelsFixture>
{
    [Theory]
    [InlineData(1e39)]
    [InlineData(-1e308)]
    public async Task Linear_regression_row_past_floats_range_is_refused_naming_the_column(double huge)
    {
        var (directory, outcome) = models["regression-linear"];
        using var model = await ScoringModel.LoadAsync(directory);
        var inputs = model.Manifest.Inputs;
        var numeric = inputs.First(i => i.Kind == ColumnKind.Numeric).Name;
        var rows = Enumerable.Range(0, 3).Select(r => inputs.ToDictionary(i => i.Name, i => Value(outcome.TestSet, i, r))).ToList();
        rows[1][numeric] = huge;

        var result = model.Score([.. rows.Select(r => (IReadOnlyDictionary<string, object?>)r)]);

        var error = Assert.Single(result.Errors);
        Assert.Equal((1, numeric), (error.Row, error.Field));
        Assert.Contains("Infinity, not a number an answer can carry", error.Reason, StringComparison.Ordinal);
        Assert.Contains($"'{numeric}' is beyond the largest number the model reads (±3.4028235E+38)", error.Reason, StringComparison.Ordinal);
        Assert.Null(result.Predictions[1]);
        Assert.All(new[] { 0, 2 }, r => Assert.True(double.IsFinite(result.Predictions[r]!.Value!.Value)));
    }

    [Fact]
    public async Task Linear_binary_row_whose_probability_is_nan_is_refused_not_answered_one_half()
    {
        // The NaN row was answered as 0.5, the negative class, without a word.
        var (directory, outcome) = models["binary-linear"];

        var (numeric, error) = await ScoreOpposedInfinitiesAsync(directory, outcome.TestSet);

        Assert.Equal(numeric[0], error.Field);
        Assert.Contains($"NaN, not a number an answer can carry: '{numeric[0]}', '{numeric[1]}' are beyond the largest number the model reads", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ensemble_whose_linear_member_gives_nan_refuses_the_row_not_answers_its_blend()
    {
        // The binary linear package as a two-member ensemble of itself (the manifest edited, the member files those it hashes): a member's
        // NaN probability was read as 0.5 before the blend, so the ensemble answered a class for a row no member could score.
        var (directory, outcome) = models["binary-linear"];
        var copy = Directory.CreateTempSubdirectory("mlcycle-nan-ensemble-").FullName;
        try
        {
            foreach (var file in Directory.EnumerateFiles(directory)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            var manifest = await ModelPackage.ReadManifestAsync(copy);
            manifest = manifest with { Ensemble = [new("linear", ModelPackage.ModelFile, 0.5), new("linear", ModelPackage.ModelFile, 0.5)] };
            await File.WriteAllTextAsync(Path.Combine(copy, ModelPackage.ManifestFile), JsonSerializer.Serialize(manifest, ModelPackageJson.Options));

            var (numeric, error) = await ScoreOpposedInfinitiesAsync(copy, outcome.TestSet);

            Assert.Equal(numeric[0], error.Field);
            Assert.Contains($"NaN, not a number an answer can carry: '{numeric[0]}', '{numeric[1]}' are beyond", error.Reason, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task Linear_multiclass_row_whose_scores_are_not_numbers_is_refused_not_answered_a_guess()
    {
        // An input past float's range makes the maximum-entropy model's logits infinite and its class probabilities NaN; they were
        // read as 0 and normalised into a uniform 1/k, the first class, without a word.
        var (directory, outcome) = models["multiclass-linear"];
        using var model = await ScoringModel.LoadAsync(directory);
        var inputs = model.Manifest.Inputs;
        var numeric = inputs.First(i => i.Kind == ColumnKind.Numeric).Name;
        var rows = Enumerable.Range(0, 3).Select(r => inputs.ToDictionary(i => i.Name, i => Value(outcome.TestSet, i, r))).ToList();
        rows[1][numeric] = 1e39;

        var result = model.Score([.. rows.Select(r => (IReadOnlyDictionary<string, object?>)r)]);

        var error = Assert.Single(result.Errors);
        Assert.Equal((1, numeric), (error.Row, error.Field));
        Assert.Contains("NaN, not a number an answer can carry", error.Reason, StringComparison.Ordinal);
        Assert.Null(result.Predictions[1]);
        Assert.All(new[] { 0, 2 }, r => Assert.Equal(1.0, result.Predictions[r]!.Probabilities!.Values.Sum(), 1e-6));
    }

    [Fact]
    public async Task Tree_regression_row_past_floats_range_is_scored()
    {
        // A tree sends the infinity down one side of every split: the score is finite and the row scored, as the issue asks (its
        // warning needs the training ranges, which this fixture's manifests leave out; OutOfRangeTests checks it).
        var (directory, outcome) = models["regression-lightgbm"];
        using var model = await ScoringModel.LoadAsync(directory);
        var inputs = model.Manifest.Inputs;
        var numeric = inputs.First(i => i.Kind == ColumnKind.Numeric).Name;
        var row = inputs.ToDictionary(i => i.Name, i => Value(outcome.TestSet, i, 0));
        row[numeric] = 1e308;

        var result = model.Score([row]);

        Assert.Empty(result.Errors);
        Assert.True(double.IsFinite(result.Predictions[0]!.Value!.Value));
    }

    // Four test rows, two with the first two numeric inputs past float's range: with opposite signs and with the same sign. A linear
    // score adds them as +∞ and −∞ in one of the two rows (which, depends on the signs of their weights): ∞ − ∞ is NaN, and so is the
    // probability. That row is refused; the other three are answered with probabilities.
    private static async Task<(string[] Numeric, InputError Error)> ScoreOpposedInfinitiesAsync(string directory, Table testSet)
    {
        using var model = await ScoringModel.LoadAsync(directory);
        var inputs = model.Manifest.Inputs;
        var numeric = inputs.Where(i => i.Kind == ColumnKind.Numeric).Take(2).Select(i => i.Name).ToArray();
        var rows = Enumerable.Range(0, 4).Select(r => inputs.ToDictionary(i => i.Name, i => Value(testSet, i, r))).ToList();
        (rows[1][numeric[0]], rows[1][numeric[1]]) = (1e39, -1e39);
        (rows[2][numeric[0]], rows[2][numeric[1]]) = (1e39, 1e39);

        var result = model.Score([.. rows.Select(r => (IReadOnlyDictionary<string, object?>)r)]);

        var error = Assert.Single(result.Errors);
        Assert.Contains(error.Row, new[] { 1, 2 });
        Assert.Null(result.Predictions[error.Row]);
        Assert.All(new[] { 0, 3, 3 - error.Row }, r => Assert.InRange(result.Predictions[r]!.Probabilities!.Values.Max(), 0.0, 1.0));
        return (numeric, error);
    }

    private static object? Value(Table table, InputColumn input, int row)
    {
        var column = table[input.Name];
        return input.Kind is ColumnKind.Numeric or ColumnKind.Boolean && column.Numbers is { } numbers ? numbers[row] : column.Format(row);
    }
}
