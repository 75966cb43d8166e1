using System.Text.Json;
using MLCycle.Serving;

namespace MLCycle.Tests.Serving;

/// <summary>The slim library's <see cref="ScoringModel"/> answers exactly as the server's <see cref="LoadedModel"/> does (ADR 0036).</summary>
public class ScoringModelTests(PackagedModelFixture fixture) : IClassFixture<PackagedModelFixture>
{
    [Theory]
    [InlineData("binary")]
    [InlineData("multiclass")]
    [InlineData("regression")]
    public async Task Score_table_equals_LoadedModel_predictions_errors_and_warnings(string task)
    {
        var (directory, outcome) = task switch { "binary" => fixture.Binary, "multiclass" => fixture.Multiclass, _ => fixture.Regression };
        using var loaded = await LoadedModel.LoadAsync(directory);
        using var slim = await ScoringModel.LoadAsync(directory);

        var expected = loaded.Score(outcome.TestSet);
        var actual = slim.Score(outcome.TestSet);

        Assert.Equal(expected.Predictions.Count, actual.Predictions.Count);
        Assert.Equal(expected.Predictions.Select(Show), actual.Predictions.Select(Show));
        Assert.Equal(expected.Errors, actual.Errors);
        Assert.Equal(expected.Warnings, actual.Warnings);
    }

    [Fact]
    public async Task Score_dictionary_rows_equal_LoadedModel_json_rows_with_the_same_warnings()
    {
        using var loaded = await LoadedModel.LoadAsync(fixture.Binary.Directory);
        using var slim = await ScoringModel.LoadAsync(fixture.Binary.Directory);
        var values = new Dictionary<string, object?> { ["x"] = 1e9, ["color"] = "mauve", ["flag"] = true, ["when"] = "2024-02-01T00:00:00Z", ["extra"] = 1 };
        var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(values))!;

        var expected = loaded.Score([json]);
        var actual = slim.Score(values);

        Assert.Equal(Show(expected.Predictions[0]), Show(actual.Prediction));
        Assert.Contains("row 0: unknown column 'extra' is ignored", actual.Warnings);
        Assert.Equal(expected.Warnings, actual.Warnings);
        Assert.Equal(slim.Classes, actual.Probabilities!.Keys);
        Assert.Equal(loaded.Manifest.DecisionThreshold ?? 0.5, slim.Threshold);
    }

    [Fact]
    public async Task Load_edited_model_file_is_refused_as_tampered_by_both()
    {
        var copy = fixture.CopyBinary();
        var zip = Path.Combine(copy, "model.zip");
        var bytes = await File.ReadAllBytesAsync(zip);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(zip, bytes);

        var full = await Assert.ThrowsAsync<MLCycleException>(() => LoadedModel.LoadAsync(copy));
        var slim = await Assert.ThrowsAsync<MLCycleException>(() => ScoringModel.LoadAsync(copy));

        Assert.Equal(ErrorKind.Tampered, full.Kind);
        Assert.Equal(full.Kind, slim.Kind);
        Assert.Equal(full.Message, slim.Message);
    }

    private static string Show(Prediction? p) => p is null ? "null"
        : $"{p.Label}|{p.Value:R}|{string.Join(";", (p.Probabilities ?? new Dictionary<string, double>()).Select(kv => $"{kv.Key}={kv.Value:R}"))}";
}
