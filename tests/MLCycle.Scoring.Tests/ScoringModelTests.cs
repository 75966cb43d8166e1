using System.Globalization;
using MLCycle.Serving;

namespace MLCycle.Scoring.Tests;

/// <summary>The slim library scores the example rows exactly as the full library's LoadedModel did, with the same checks.</summary>
public class ScoringModelTests
{
    public static TheoryData<string> Examples => ["penguins", "churn"];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Score_table_of_example_rows_equals_full_library_predictions(string name)
    {
        var example = Of(name);
        using var model = ScoringModel.Load(example.Directory);

        var result = model.Score(example.AsTable());

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(example.Rows.Length, result.Predictions.Count);
        for (var r = 0; r < example.Rows.Length; r++) AssertSame(example, example.Rows[r], result.Predictions[r], model.Classes);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Score_dictionary_rows_equal_full_library_predictions_in_class_order(string name)
    {
        var example = Of(name);
        using var model = ScoringModel.Load(example.Directory);

        var result = model.Score([.. example.Rows.Select(r => (IReadOnlyDictionary<string, object?>)example.AsValues(r, model.Manifest.Inputs))]);
        var single = model.Score(example.AsValues(example.Rows[0], model.Manifest.Inputs));

        Assert.Empty(result.Errors);
        for (var r = 0; r < example.Rows.Length; r++)
        {
            AssertSame(example, example.Rows[r], result.Predictions[r], model.Classes);
            Assert.Equal(model.Classes, result.Predictions[r]!.Probabilities!.Keys);
        }
        Assert.True(single.IsValid);
        Assert.Equal(example.Cell(example.Rows[0], "prediction"), single.Label);
    }

    [Fact]
    public void Score_binary_rows_labels_positive_above_the_packages_threshold_not_half()
    {
        using var model = ScoringModel.Load(ExamplePackage.Churn.Directory);

        var predictions = model.Score(ExamplePackage.Churn.AsTable()).Predictions;

        Assert.Equal(["No", "Yes"], model.Classes);
        Assert.Equal(0.3195727616548538, model.Threshold);
        Assert.All(predictions, p => Assert.Equal(p!.Probabilities!["Yes"] > model.Threshold ? "Yes" : "No", p.Label));
        Assert.Contains(predictions, p => p!.Probabilities!["Yes"] is > 0.3195727616548538 and < 0.5 && p.Label == "Yes");
    }

    [Fact]
    public void Score_binary_rows_are_read_as_numbers_through_ScoredPredictions_as_the_readme_says()
    {
        using var model = ScoringModel.Load(ExamplePackage.Churn.Directory);

        var predictions = Assert.IsType<ScoredPredictions>(model.Score(ExamplePackage.Churn.AsTable()).Predictions);

        Assert.All(Enumerable.Range(0, predictions.Count), r =>
        {
            Assert.True(predictions.TryGetBinary(r, out var label, out var positive));
            Assert.Equal(predictions[r]!.Label, model.Classes[label]);
            Assert.Equal(predictions[r]!.Probabilities!["Yes"], positive);
            Assert.False(predictions.TryGetNumber(r, out _));
        });
    }

    [Fact]
    public void Score_unseen_category_and_value_outside_training_range_scores_with_warnings()
    {
        var example = ExamplePackage.Penguins;
        using var model = ScoringModel.Load(example.Directory);
        var values = example.AsValues(example.Rows[1], model.Manifest.Inputs);
        values["island"] = "Atlantis";
        values["body_mass_g"] = 99_999.0;
        values["colour"] = "blue";

        var row = model.Score(values);

        Assert.True(row.IsValid);
        Assert.NotNull(row.Label);
        Assert.Equal(
            [
                "row 0: column 'island' has unseen category 'Atlantis'",
                "row 0: column 'body_mass_g' value 99999 is outside the training range [2700, 6300]; scored anyway",
                "row 0: unknown column 'colour' is ignored",
            ],
            row.Warnings);
    }

    [Fact]
    public void Score_value_of_wrong_type_or_missing_column_refuses_the_row_naming_the_column()
    {
        var example = ExamplePackage.Penguins;
        using var model = ScoringModel.Load(example.Directory);
        var wrong = example.AsValues(example.Rows[1], model.Manifest.Inputs);
        wrong["bill_length_mm"] = "long";
        var missing = example.AsValues(example.Rows[1], model.Manifest.Inputs);
        missing.Remove("sex");

        var result = model.Score([wrong, missing, example.AsValues(example.Rows[1], model.Manifest.Inputs)]);

        Assert.Equal([null, null], result.Predictions.Take(2));
        Assert.NotNull(result.Predictions[2]);
        Assert.Equal(
            [new InputError(0, "bill_length_mm", "expected a number, found the string \"long\""), new InputError(1, "sex", "missing column")],
            result.Errors);
    }

    [Fact]
    public void Score_value_json_cannot_write_is_refused_as_bad_data_naming_row_and_column()
    {
        var example = ExamplePackage.Penguins;
        using var model = ScoringModel.Load(example.Directory);
        var values = example.AsValues(example.Rows[1], model.Manifest.Inputs);
        values["sex"] = new IntPtr(1);

        var e = Assert.Throws<MLCycleException>(() => model.Score(values));

        Assert.Equal(ErrorKind.BadData, e.Kind);
        Assert.StartsWith("row 0: column 'sex' holds a IntPtr", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_edited_manifest_against_expected_package_hash_is_refused_as_tampered()
    {
        var expected = await Registry.ModelPackage.HashPackageAsync(ExamplePackage.Churn.Directory);
        var copy = ExamplePackage.Churn.Copy();
        try
        {
            using (await ScoringModel.LoadAsync(copy, expected)) { }
            var manifest = Path.Combine(copy, "manifest.json");
            var text = await File.ReadAllTextAsync(manifest);
            var edited = text.Replace("\"decisionThreshold\": 0.3195727616548538", "\"decisionThreshold\": 0.9", StringComparison.Ordinal);
            Assert.NotEqual(text, edited);
            await File.WriteAllTextAsync(manifest, edited);

            var e = await Assert.ThrowsAsync<MLCycleException>(() => ScoringModel.LoadAsync(copy, expected));

            Assert.Equal(ErrorKind.Tampered, e.Kind);
            Assert.Contains("does not match the expected package hash", e.Message, StringComparison.Ordinal);
            Assert.Contains("manifest.json", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Load_edited_model_file_is_refused_as_tampered_naming_the_file()
    {
        var copy = ExamplePackage.Penguins.Copy();
        try
        {
            var zip = Path.Combine(copy, "model.zip");
            var bytes = File.ReadAllBytes(zip);
            bytes[bytes.Length / 2] ^= 0xFF;
            File.WriteAllBytes(zip, bytes);

            var e = Assert.Throws<MLCycleException>(() => ScoringModel.Load(copy));

            Assert.Equal(ErrorKind.Tampered, e.Kind);
            Assert.Contains("'model.zip' has SHA-256", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Theory]
    [InlineData("[\n    \"No\"\n  ]", "[No]")]
    [InlineData("[\n    \"No\",\n    \"Yes\",\n    \"Maybe\"\n  ]", "[No, Yes, Maybe]")]
    [InlineData("[\n    \"No\",\n    \"No\"\n  ]", "[No, No]")]
    public void Load_binary_manifest_without_two_different_classes_is_refused_as_tampered(string classes, string shown)
    {
        var copy = ExamplePackage.Churn.Copy();
        try
        {
            var manifest = Path.Combine(copy, "manifest.json");
            var text = File.ReadAllText(manifest);
            var edited = text.Replace("\"classes\": [\n    \"No\",\n    \"Yes\"\n  ]", $"\"classes\": {classes}", StringComparison.Ordinal);
            Assert.NotEqual(text, edited);
            File.WriteAllText(manifest, edited);

            var e = Assert.Throws<MLCycleException>(() => ScoringModel.Load(copy));

            Assert.Equal(ErrorKind.Tampered, e.Kind);
            Assert.Contains($"a binary model with classes {shown}; expected two different classes", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Load_missing_folder_is_refused_naming_it()
    {
        var e = Assert.Throws<MLCycleException>(() => ScoringModel.Load("no-such-package"));

        Assert.Equal(ErrorKind.Tampered, e.Kind);
        Assert.Equal("Model package folder 'no-such-package' does not exist.", e.Message);
    }

    [Fact]
    public void Score_table_past_the_parallel_size_keeps_row_order_of_predictions_warnings_and_errors()
    {
        var example = ExamplePackage.Penguins;
        using var model = ScoringModel.Load(example.Directory);
        var small = model.Score(example.AsTable());
        // 5,000 rows (past the size that encodes rows in parallel slices), the example rows over and over, with an unseen island,
        // a mass outside training and a mass that is not a number placed in different slices.
        const int count = 5_000;
        var island = Array.IndexOf(example.Header, "island");
        var mass = Array.IndexOf(example.Header, "body_mass_g");
        var rows = Enumerable.Range(0, count).Select(r => (string?[])example.Rows[r % example.Rows.Length].Clone()).ToArray();
        foreach (var r in new[] { 7, 2_600, 4_999 }) rows[r][island] = "Atlantis";
        rows[2_048][mass] = "99999";
        rows[3_001][mass] = "heavy";
        var table = new MLCycle.Data.Table([.. example.Header.Where(h => h is not ("prediction" or "error") && !h.StartsWith("probability_", StringComparison.Ordinal))
            .Select(name => MLCycle.Data.TableColumn.FromStrings(new MLCycle.Data.ColumnInfo(name, MLCycle.Data.ColumnKind.Text, "VARCHAR"), [.. rows.Select(row => row[Array.IndexOf(example.Header, name)])]))]);

        var result = model.Score(table);

        Assert.Equal(
            [
                "row 7: column 'island' has unseen category 'Atlantis'",
                "row 2048: column 'body_mass_g' value 99999 is outside the training range [2700, 6300]; scored anyway",
                "row 2600: column 'island' has unseen category 'Atlantis'",
                "row 4999: column 'island' has unseen category 'Atlantis'",
            ],
            result.Warnings);
        Assert.Equal(3, result.WarningKinds[ScoringWarningKind.UnseenCategory]);
        Assert.Equal(1, result.WarningKinds[ScoringWarningKind.OutOfRange]);
        Assert.Equal([3_001], result.Errors.Select(e => e.Row));
        Assert.Null(result.Predictions[3_001]);
        // Rows left as they were score as the small table scored them, in their places.
        foreach (var r in new[] { 0, 1, 2_047, 2_049, 2_599, 3_000, 3_002, 4_998 })
        {
            Assert.Equal(small.Predictions[r % example.Rows.Length]!.Label, result.Predictions[r]!.Label);
        }
    }

    [Fact]
    public void Score_again_with_borrowed_rows_gives_each_row_its_own_prediction_and_nothing_of_the_last_call()
    {
        // Rows are borrowed from the model's pool (ADR 0069): a call after one with other values, unseen categories, nulls and a
        // half-written bad row must score as if every row were new, across blocks and parallel slices.
        var example = ExamplePackage.Penguins;
        using var model = ScoringModel.Load(example.Directory);
        var inputs = model.Manifest.Inputs;
        var alone = example.Rows.Select(r => model.Score(example.AsValues(r, inputs)).Label).ToArray();
        var first = Enumerable.Range(0, 3_000).Select(r =>
        {
            var values = example.AsValues(example.Rows[(r * 7 + 3) % example.Rows.Length], inputs);
            values["island"] = r % 3 == 0 ? "Atlantis" : values["island"];
            if (r % 5 == 0) values["sex"] = null;
            if (r % 11 == 0) values["body_mass_g"] = "heavy";
            return (IReadOnlyDictionary<string, object?>)values;
        }).ToList();
        model.Score(first);

        var second = model.Score([.. Enumerable.Range(0, 3_000).Select(r => (IReadOnlyDictionary<string, object?>)example.AsValues(example.Rows[r % example.Rows.Length], inputs))]);

        Assert.Empty(second.Errors);
        for (var r = 0; r < 3_000; r++) Assert.Equal(alone[r % example.Rows.Length], second.Predictions[r]!.Label);
    }

    [Fact]
    public void Score_json_category_read_from_its_bytes_is_the_category_escaped_or_not_and_an_unseen_one_still_warns()
    {
        // Training categories are looked up from the request's bytes (no string per value); escapes and unseen values take the string path.
        var example = ExamplePackage.Penguins;
        using var model = ScoringModel.Load(example.Directory);
        var values = example.AsValues(example.Rows[1], model.Manifest.Inputs);
        IReadOnlyDictionary<string, System.Text.Json.JsonElement> Row(string islandJson)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(values.Where(v => v.Key != "island").ToDictionary()).TrimEnd('}') + $",\"island\":{islandJson}}}";
            return System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        }
        var island = (string)values["island"]!;
        var escaped = "\"" + string.Concat(island.Select(c => $"\\u{(int)c:x4}")) + "\"";

        var result = model.Score([Row($"\"{island}\""), Row(escaped), Row("\"Atlantis\""), Row($"\"{island} \"")]);

        Assert.Empty(result.Errors);
        Assert.Equal(example.Cell(example.Rows[1], "prediction"), result.Predictions[0]!.Label);
        Assert.Equal(result.Predictions[0]!.Probabilities!.Values, result.Predictions[1]!.Probabilities!.Values);
        Assert.Equal(["row 2: column 'island' has unseen category 'Atlantis'", $"row 3: column 'island' has unseen category '{island} '"], result.Warnings);
    }

    private static ExamplePackage Of(string name) => name == "churn" ? ExamplePackage.Churn : ExamplePackage.Penguins;

    // The full library wrote probabilities with "R", so they compare exactly.
    private static void AssertSame(ExamplePackage example, string?[] expected, Prediction? actual, IReadOnlyList<string> classes)
    {
        Assert.NotNull(actual);
        Assert.Equal(example.Cell(expected, "prediction"), actual.Label);
        foreach (var c in classes)
            Assert.Equal(double.Parse(example.Cell(expected, "probability_" + c)!, CultureInfo.InvariantCulture), actual.Probabilities![c]);
    }
}
