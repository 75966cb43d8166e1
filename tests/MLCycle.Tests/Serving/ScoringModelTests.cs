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

    [Theory]
    [InlineData(12)]
    [InlineData(3_000)]
    public async Task Score_shapedRows_equal_dictionaryRows_predictions_errors_and_warnings(int count)
    {
        // Rows of two shapes (one the other's names reversed) and shapes of their own, with a missing column, a value of the wrong
        // kind, nulls, an out-of-range number, unknown columns (one nested) and an empty row; 3,000 rows take the parallel slices.
        using var slim = await ScoringModel.LoadAsync(fixture.Binary.Directory);
        var variants = new[]
        {
            """{"x": 1.5, "color": "red", "flag": true, "when": "2024-02-01T00:00:00Z"}""",
            """{"when": 1706745600, "flag": false, "color": "blue", "x": 2}""",
            """{"x": 1e9, "color": "mauve", "flag": 1, "when": null, "extra": {"a": [1, {"b": "c"}]}}""",
            """{"x": "abc", "color": 3, "flag": true, "when": "2024-02-01T00:00:00Z"}""",
            """{"color": "red", "flag": true, "when": "2024-02-01T00:00:00Z"}""",
            """{"x": null, "color": null, "flag": null, "when": null, "extra": 1, "more": "y"}""",
            """{}""",
        };
        using var document = JsonDocument.Parse($"[{string.Join(",", Enumerable.Range(0, count).Select(i => variants[i % variants.Length]))}]");
        var dictionaries = document.RootElement.EnumerateArray()
            .Select(r => (IReadOnlyDictionary<string, JsonElement>)r.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)).ToList();
        var shapes = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var shaped = document.RootElement.EnumerateArray().Select(r =>
        {
            var names = r.EnumerateObject().Select(p => p.Name).ToArray();
            // Rows that name the same columns in the same order share one names array, as a request's rows do.
            var key = string.Join("\n", names);
            if (!shapes.TryGetValue(key, out var shared)) shapes[key] = shared = names;
            return (IReadOnlyDictionary<string, JsonElement>)new ShapedRow(shared, [.. r.EnumerateObject().Select(p => p.Value)]);
        }).ToList();

        var expected = slim.Score(dictionaries);
        var actual = slim.Score(shaped);

        Assert.Contains(expected.Warnings, w => w.Contains("unknown column 'extra'", StringComparison.Ordinal));
        Assert.Contains(expected.Errors, e => e.Reason == "missing column");
        Assert.Equal(expected.Predictions.Select(Show), actual.Predictions.Select(Show));
        Assert.Equal(expected.Errors, actual.Errors);
        Assert.Equal(expected.Warnings, actual.Warnings);
        Assert.Equal(expected.WarningKinds.OrderBy(k => k.Key), actual.WarningKinds.OrderBy(k => k.Key));
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

    // A row over its names' array and its values, as the server's request rows are.
    private sealed class ShapedRow(string[] names, JsonElement[] values) : IShapedJsonRow
    {
        public IReadOnlyList<string> Names => names;

        public JsonElement ValueAt(int position) => values[position];

        public JsonElement this[string key] => values[Array.IndexOf(names, key)];

        public IEnumerable<string> Keys => names;

        public IEnumerable<JsonElement> Values => values;

        public int Count => names.Length;

        public bool ContainsKey(string key) => Array.IndexOf(names, key) >= 0;

        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out JsonElement value)
        {
            var at = Array.IndexOf(names, key);
            value = at >= 0 ? values[at] : default;
            return at >= 0;
        }

        public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => names.Select((n, i) => KeyValuePair.Create(n, values[i])).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static string Show(Prediction? p) => p is null ? "null"
        : $"{p.Label}|{p.Value:R}|{string.Join(";", (p.Probabilities ?? new Dictionary<string, double>()).Select(kv => $"{kv.Key}={kv.Value:R}"))}";
}
