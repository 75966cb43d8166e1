using System.Text.Json;
using MLCycle.Data;
using MLCycle.Serving;
using MLCycle.Tests.Training;

namespace MLCycle.Tests.Serving;

public class LoadedModelTests(PackagedModelFixture fixture) : IClassFixture<PackagedModelFixture>
{
    private static Dictionary<string, JsonElement> Row(object values) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(values))!;

    private static readonly object Good = new { x = 4.5, color = "red", flag = true, when = "2024-02-01T00:00:00Z" };

    [Fact]
    public async Task Load_then_Score_table_gives_the_trained_models_predictions()
    {
        var (directory, outcome) = fixture.Binary;
        using var model = await LoadedModel.LoadAsync(directory);

        var result = model.Score(outcome.TestSet);

        Assert.True(result.IsValid);
        Assert.Empty(result.Warnings);
        var expected = outcome.Model.Predict(outcome.TestSet);
        Assert.Equal(expected.Select(p => p.Probabilities!["yes"]), result.Predictions.Select(p => p!.Probabilities!["yes"]));
        Assert.Equal(expected.Select(p => p.Label), result.Predictions.Select(p => p!.Label));
    }

    [Fact]
    public async Task Score_large_table_in_parallel_matches_row_by_row()
    {
        var (directory, outcome) = fixture.Binary;
        using var model = await LoadedModel.LoadAsync(directory);
        var big = outcome.TrainSet.Take(Enumerable.Range(0, 5000).Select(i => i % outcome.TrainSet.RowCount).ToArray());

        var all = model.Score(big);

        var firstRows = model.Score(big.Take(Enumerable.Range(0, 10).ToArray()));
        Assert.Equal(5000, all.Predictions.Count);
        Assert.Equal(firstRows.Predictions.Select(p => p!.Probabilities!["yes"]), all.Predictions.Take(10).Select(p => p!.Probabilities!["yes"]));
    }

    [Theory]
    [InlineData("multiclass")]
    [InlineData("regression")]
    public async Task Score_other_tasks_round_trip_through_the_package(string task)
    {
        var (directory, outcome) = task == "multiclass" ? fixture.Multiclass : fixture.Regression;
        using var model = await LoadedModel.LoadAsync(directory);

        var result = model.Score(outcome.TestSet);

        var expected = outcome.Model.Predict(outcome.TestSet);
        Assert.Equal(expected, result.Predictions.Select(p => p!), (a, b) => a.Label == b.Label && a.Value == b.Value
            && (a.Probabilities is null || a.Probabilities.All(p => Math.Abs(p.Value - b.Probabilities![p.Key]) < 1e-6)));
    }

    [Fact]
    public async Task Score_json_rows_matches_the_table_path()
    {
        using var model = await LoadedModel.LoadAsync(fixture.Binary.Directory);
        var table = new Table([
            SyntheticTables.Numbers("x", [4.5]),
            SyntheticTables.Strings("color", ["red"]),
            SyntheticTables.Numbers("flag", [1], ColumnKind.Boolean),
            SyntheticTables.Numbers("when", [new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()], ColumnKind.DateTime),
        ]);

        var fromJson = model.Score([Row(Good)]);
        var fromTable = model.Score(table);

        Assert.True(fromJson.IsValid);
        Assert.Equal(fromTable.Predictions[0]!.Probabilities!["yes"], fromJson.Predictions[0]!.Probabilities!["yes"]);
    }

    [Fact]
    public async Task Score_raw_text_table_is_parsed_per_manifest_kind()
    {
        using var model = await LoadedModel.LoadAsync(fixture.Binary.Directory);
        var text = new Table([
            SyntheticTables.Strings("x", ["4.5", "oops"]),
            SyntheticTables.Strings("color", ["red", "red"]),
            SyntheticTables.Strings("flag", ["true", "1"]),
            SyntheticTables.Strings("when", ["2024-02-01T00:00:00Z", "2024-02-01"]),
        ]);

        var result = model.Score(text);
        var json = model.Score([Row(Good)]);

        Assert.Equal(json.Predictions[0]!.Probabilities!["yes"], result.Predictions[0]!.Probabilities!["yes"]);
        Assert.Null(result.Predictions[1]);
        var error = Assert.Single(result.Errors);
        Assert.Equal(new InputError(1, "x", "expected a number, found 'oops'"), error);
    }

    [Fact]
    public async Task Score_missing_column_is_an_error_for_that_row_only()
    {
        using var model = await LoadedModel.LoadAsync(fixture.Binary.Directory);

        var result = model.Score([Row(Good), Row(new { x = 1.0, flag = false, when = 0 })]);

        Assert.NotNull(result.Predictions[0]);
        Assert.Null(result.Predictions[1]);
        Assert.Equal(new InputError(1, "color", "missing column"), Assert.Single(result.Errors));
    }

    [Theory]
    [InlineData("x", "\"abc\"", "expected a number, found the string \"abc\"")]
    [InlineData("flag", "\"maybe\"", "expected a boolean (true/false, 1/0, yes/no), found the string \"maybe\"")]
    [InlineData("when", "\"not a date\"", "expected a date-time (ISO 8601) or Unix seconds, found the string \"not a date\"")]
    [InlineData("color", "[1]", "expected a string, found an array")]
    public async Task Score_wrong_json_type_names_expected_and_found(string field, string json, string reason)
    {
        using var model = await LoadedModel.LoadAsync(fixture.Binary.Directory);
        var row = Row(Good);
        row[field] = JsonDocument.Parse(json).RootElement;

        var result = model.Score([row]);

        Assert.Null(result.Predictions[0]);
        Assert.Equal(new InputError(0, field, reason), Assert.Single(result.Errors));
    }

    [Fact]
    public async Task Score_null_values_are_imputed_and_predicted()
    {
        using var model = await LoadedModel.LoadAsync(fixture.Binary.Directory);

        var result = model.Score([Row(new { x = (double?)null, color = (string?)null, flag = (bool?)null, when = (string?)null })]);

        Assert.True(result.IsValid);
        Assert.InRange(result.Predictions[0]!.Probabilities!["yes"], 0, 1);
    }

    [Fact]
    public async Task Score_unseen_category_and_unknown_column_are_warnings()
    {
        using var model = await LoadedModel.LoadAsync(fixture.Binary.Directory);

        var result = model.Score([Row(new { x = 4.5, color = "purple", flag = true, when = 0, shoe_size = 44 })]);

        Assert.True(result.IsValid);
        Assert.NotNull(result.Predictions[0]);
        Assert.Equal(["row 0: column 'color' has unseen category 'purple'", "row 0: unknown column 'shoe_size' is ignored"], result.Warnings);
    }

    [Fact]
    public async Task Score_huge_or_escape_laden_caller_text_is_shown_escaped_and_cut()
    {
        using var model = await LoadedModel.LoadAsync(fixture.Binary.Directory);
        var huge = new string('p', 1_000_000);

        var result = model.Score([Row(new { x = 4.5, color = huge, flag = true, when = 0 }), Row(new { x = "\u001b[31m" + huge, color = "red", flag = true, when = 0 })]);

        var warning = Assert.Single(result.Warnings);
        Assert.StartsWith("row 0: column 'color' has unseen category 'ppp", warning);
        Assert.EndsWith("... (1000000 characters)'", warning);
        Assert.True(warning.Length < 400, $"{warning.Length} characters");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("expected a number, found the string \"\\u001b[31mppp", error.Reason);
        Assert.DoesNotContain('\u001b', error.Reason);
        Assert.True(error.Reason.Length < 400, $"{error.Reason.Length} characters");
    }

    [Fact]
    public async Task Load_tampered_model_zip_is_refused_naming_the_file()
    {
        var copy = fixture.CopyBinary();
        var path = Path.Combine(copy, "model.zip");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var error = await Assert.ThrowsAsync<MLCycleException>(() => LoadedModel.LoadAsync(copy));

        Assert.Contains("'model.zip'", error.Message);
        Assert.Contains("tampered", error.Message);
    }

    [Fact]
    public async Task Load_missing_model_zip_is_refused_naming_the_file()
    {
        var copy = fixture.CopyBinary();
        File.Delete(Path.Combine(copy, "model.zip"));

        var error = await Assert.ThrowsAsync<MLCycleException>(() => LoadedModel.LoadAsync(copy));

        Assert.Contains("'model.zip'", error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public async Task Score_from_many_threads_gives_the_same_answers()
    {
        using var model = await LoadedModel.LoadAsync(fixture.Binary.Directory);
        var row = Row(Good);
        var expected = model.Score([row]).Predictions[0]!.Probabilities!["yes"];

        var answers = new double[200];
        Parallel.For(0, answers.Length, i => answers[i] = model.Score([row]).Predictions[0]!.Probabilities!["yes"]);

        Assert.All(answers, a => Assert.Equal(expected, a));
    }

    [Fact]
    public async Task Score_table_without_a_column_is_an_error_for_every_row()
    {
        using var model = await LoadedModel.LoadAsync(fixture.Binary.Directory);
        var table = fixture.Binary.Outcome.TestSet.Take([0, 1]).Without(["color"]);

        var result = model.Score(table);

        Assert.Equal([new InputError(0, "color", "missing column"), new InputError(1, "color", "missing column")], result.Errors);
        Assert.All(result.Predictions, Assert.Null);
    }

    [Fact]
    public async Task Load_manifest_whose_inputs_do_not_match_the_model_is_refused()
    {
        var copy = fixture.CopyBinary();
        var manifest = await MLCycle.Registry.ModelPackage.ReadManifestAsync(copy);
        var edited = manifest with { Inputs = [.. manifest.Inputs, new MLCycle.Data.InputColumn("extra", ColumnKind.Numeric, true)] };
        await File.WriteAllTextAsync(Path.Combine(copy, "manifest.json"), JsonSerializer.Serialize(edited, MLCycle.Registry.ModelPackageJson.Options));

        var error = await Assert.ThrowsAsync<MLCycleException>(() => LoadedModel.LoadAsync(copy));

        Assert.Contains("do not match", error.Message);
    }

    [Fact]
    public async Task Score_null_row_is_an_error_and_the_others_are_predicted()
    {
        using var model = await LoadedModel.LoadAsync(fixture.Binary.Directory);

        var result = model.Score([Row(Good), null!]);

        Assert.NotNull(result.Predictions[0]);
        Assert.Null(result.Predictions[1]);
        Assert.Equal(new InputError(1, "", "expected an object of column values, found null"), Assert.Single(result.Errors));
    }
}
