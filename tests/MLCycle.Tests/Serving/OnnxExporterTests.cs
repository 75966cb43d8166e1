using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MLCycle.Preparation;
using MLCycle.Preparation.Treatments;
using MLCycle.Registry;
using MLCycle.Serving;
using MLCycle.Training;

namespace MLCycle.Tests.Serving;

/// <summary>
/// An exported ONNX file scored by ONNX Runtime gives what ML.NET gives for the same package, on the test rows with missing
/// numbers, missing categories and categories never seen in training mixed in.
/// </summary>
public sealed class OnnxExporterTests : IClassFixture<OnnxModelsFixture>
{
    private const double Tolerance = 1e-5;
    private readonly OnnxModelsFixture _models;

    public OnnxExporterTests(OnnxModelsFixture models) => _models = models;

    [Theory]
    [InlineData("binary-lightgbm")]
    [InlineData("binary-fasttree")]
    [InlineData("binary-linear")]
    [InlineData("multiclass-lightgbm")]
    [InlineData("multiclass-linear")]
    [InlineData("regression-lightgbm")]
    [InlineData("regression-fasttree")]
    [InlineData("regression-linear")]
    public async Task Export_model_onnx_runtime_scores_equal_mlnet_within_tolerance(string name)
    {
        var (directory, outcome) = _models[name];
        await AssertParityAsync(name, directory, outcome);
    }

    private async Task AssertParityAsync(string name, string directory, TrainingOutcome outcome)
    {
        var path = Path.Combine(_models.Root, name + ".onnx");
        var description = await OnnxExporter.ExportPackageAsync(directory, path, force: true);
        var layout = new FeatureLayout(description.Columns);
        var rows = Damage(new FeatureEncoder(layout).Encode(outcome.TestSet), layout);

        var expected = ScoreWithMLNet(directory, layout, rows);
        using var session = new InferenceSession(path);
        using var results = session.Run(OnnxInputs(description, rows));
        var actual = results.ToDictionary(r => r.Name, r => r);

        Assert.Equal(description.Inputs.Select(i => i.Name).Order(), session.InputMetadata.Keys.Order());
        Assert.Equal(description.Outputs.Select(o => o.Name).Order(), session.OutputMetadata.Keys.Order());
        Assert.True(rows.Length > 50, $"expected a real test set, found {rows.Length} rows");
        var score = actual[OnnxExporter.OnnxOutputName("Score")].AsTensor<float>().ToArray();
        var mlScore = expected.Score;
        Assert.Equal(mlScore.Length, score.Length);
        for (var i = 0; i < score.Length; i++)
            Assert.True(Math.Abs(score[i] - mlScore[i]) <= Tolerance * Math.Max(1, Math.Abs(mlScore[i])), $"{name} score {i}: ONNX {score[i]}, ML.NET {mlScore[i]}");
        switch (description.Task)
        {
            case TaskKind.Binary:
                var probability = actual[OnnxExporter.OnnxOutputName("Probability")].AsTensor<float>().ToArray();
                for (var i = 0; i < rows.Length; i++) Assert.True(Math.Abs(probability[i] - expected.Probability![i]) <= Tolerance, $"{name} row {i}: ONNX {probability[i]}, ML.NET {expected.Probability[i]}");
                Assert.Equal(expected.BinaryLabel!, actual[OnnxExporter.OnnxOutputName("PredictedLabel")].AsTensor<bool>().ToArray());
                Assert.Equal(outcome.Model.DecisionThreshold, description.Threshold);
                break;
            case TaskKind.Multiclass:
                var keys = actual[OnnxExporter.OnnxOutputName("PredictedLabel")].AsTensor<uint>().ToArray();
                Assert.Equal(expected.ClassKey!, keys);
                Assert.Equal(outcome.Classes, description.Classes);
                Assert.All(keys, k => Assert.InRange(k, 1u, (uint)description.Classes.Count));
                break;
        }
    }

    [Fact]
    public async Task Export_readme_app_example_scores_raw_rows_as_mlcycle_serving_does()
    {
        var (directory, outcome) = _models["binary-lightgbm"];
        var path = Path.Combine(_models.Root, "readme-example.onnx");
        await OnnxExporter.ExportPackageAsync(directory, path, force: true);
        using var served = await LoadedModel.LoadAsync(directory);
        var test = outcome.TestSet;
        var expected = served.Score(test).Predictions;

        for (var r = 0; r < 20; r++)
        {
            // Raw values as an app holds them: numbers, strings, null for missing.
            var row = served.Manifest.Inputs.ToDictionary(i => i.Name, i => test[i.Name].Numbers is { } n
                ? (object?)(double.IsNaN(n[r]) ? null : n[r])
                : test[i.Name].Strings![r]);

            var probability = OnnxAppExample.Probability(path, row);

            Assert.Equal(expected[r]!.Probabilities![outcome.Classes[1]], probability, Tolerance);
        }
    }

    private sealed record MLNetScores(float[] Score, float[]? Probability, bool[]? BinaryLabel, uint[]? ClassKey);

    private static MLNetScores ScoreWithMLNet(string directory, FeatureLayout layout, FeatureRow[] rows)
    {
        var ml = new MLContext(seed: 1);
        TreatmentChain.Register(ml);
        using var stream = File.OpenRead(Path.Combine(directory, ModelPackage.ModelFile));
        var scored = ml.Model.Load(stream, out _).Transform(ml.Data.LoadFromEnumerable(rows, layout.CreateSchema()));
        var score = scored.Schema["Score"].Type is VectorDataViewType
            ? scored.GetColumn<float[]>("Score").SelectMany(s => s).ToArray()
            : scored.GetColumn<float>("Score").ToArray();
        var hasProbability = scored.Schema.GetColumnOrNull("Probability") is not null;
        var label = scored.Schema.GetColumnOrNull("PredictedLabel");
        return new MLNetScores(score,
            hasProbability ? scored.GetColumn<float>("Probability").ToArray() : null,
            label?.Type is BooleanDataViewType ? scored.GetColumn<bool>("PredictedLabel").ToArray() : null,
            label?.Type is KeyDataViewType ? scored.GetColumn<uint>("PredictedLabel").ToArray() : null);
    }

    private static List<NamedOnnxValue> OnnxInputs(OnnxModelDescription description, FeatureRow[] rows)
    {
        var inputs = new List<NamedOnnxValue>();
        foreach (var input in description.Inputs)
        {
            var width = input.Slots!.Count;
            int[] shape = [rows.Length, width];
            inputs.Add(input.Name switch
            {
                nameof(FeatureRow.Numeric) => NamedOnnxValue.CreateFromTensor(input.Name, new DenseTensor<float>(rows.SelectMany(r => r.Numeric).ToArray(), shape)),
                nameof(FeatureRow.Categorical) => NamedOnnxValue.CreateFromTensor(input.Name, new DenseTensor<string>(rows.SelectMany(r => r.Categorical).ToArray(), shape)),
                nameof(FeatureRow.Hashed) => NamedOnnxValue.CreateFromTensor(input.Name, new DenseTensor<string>(rows.SelectMany(r => r.Hashed).ToArray(), shape)),
                _ => NamedOnnxValue.CreateFromTensor(input.Name, new DenseTensor<string>(rows.SelectMany(r => r.Text).ToArray(), shape)),
            });
        }
        return inputs;
    }

    // Every third row loses a number, every fourth gets a category never seen in training, every fifth a missing category.
    private static FeatureRow[] Damage(FeatureRow[] rows, FeatureLayout layout)
    {
        var categorical = layout.Inputs.FirstOrDefault(i => i.Kind == MLCycle.Data.ColumnKind.Categorical && i.Categories is not null)?.Name;
        for (var r = 0; r < rows.Length; r++)
        {
            if (r % 3 == 0 && layout.NumericCount > 0) rows[r].Numeric[r % layout.NumericCount] = float.NaN;
            if (categorical is null) continue;
            if (r % 4 == 0) rows[r].Categorical[0] = $"{categorical}=never-seen-in-training";
            else if (r % 5 == 0) rows[r].Categorical[0] = $"{categorical}={FeatureEncoder.MissingToken}";
        }
        return rows;
    }
}
