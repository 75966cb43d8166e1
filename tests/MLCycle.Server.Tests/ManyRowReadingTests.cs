using System.Text;
using System.Text.Json;
using MLCycle.Data;
using MLCycle.Monitoring;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Server.Apis;
using MLCycle.Server.Json;

namespace MLCycle.Server.Tests;

/// <summary>The many-row path's shortcuts give what the plain ones gave: rows that share the first row's names read as a dictionary
/// would (a row with other names, another order or a repeated name included), and the log's JSON texts match the plain writers'.</summary>
public sealed class ManyRowReadingTests
{
    [Fact]
    public async Task ReadAsync_rowsOfMixedShapes_readAsDictionariesWould()
    {
        const string body = """
            {"rows": [
              {"a": 1, "b": "x", "c": null},
              {"a": 2, "b": "y", "c": true},
              {"b": "z", "a": 3, "c": 4},
              {"a": 5, "b": "w"},
              {"a": 6, "b": "v", "c": 7, "d": 8},
              {"a": 9, "a": 10, "b": "u"},
              {"\u0061": 11, "b": "t", "c": 12}
            ]}
            """;
        using var reader = await PredictRequestReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), default);
        using var document = JsonDocument.Parse(body);
        var expected = document.RootElement.GetProperty("rows").EnumerateArray().Select(row =>
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in row.EnumerateObject()) values[property.Name] = property.Value.GetRawText();
            return values;
        }).ToList();

        Assert.Empty(reader.Errors);
        Assert.Equal(expected.Count, reader.Rows.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            var row = reader.Rows[r];
            Assert.Equal(expected[r].Count, row.Count);
            Assert.Equal(expected[r].Keys.Order(StringComparer.Ordinal), row.Keys.Order(StringComparer.Ordinal));
            foreach (var (name, raw) in expected[r])
            {
                Assert.True(row.TryGetValue(name, out var value), $"row {r} lost '{name}'");
                Assert.Equal(raw, value.GetRawText());
                Assert.Equal(raw, row[name].GetRawText());
            }
            Assert.False(row.ContainsKey("missing"));
            Assert.Equal(expected[r].OrderBy(p => p.Key, StringComparer.Ordinal), row.Select(p => KeyValuePair.Create(p.Key, p.Value.GetRawText())).OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void LogEntryJson_reusedForManyRows_writesWhatThePlainWritersWrite()
    {
        var manifest = new ModelManifest
        {
            Name = "churn", Task = TaskKind.Binary, Algorithm = "LightGbm", Target = "churn", Classes = ["no", "yes"],
            Inputs = [new InputColumn("tenure", ColumnKind.Numeric, true), new InputColumn("city", ColumnKind.Categorical, true)],
            Reference = new DatasetProfile { Rows = 1, Columns = [] },
        };
        using var document = JsonDocument.Parse("""[{"tenure": 1.50, "city": "Zürich <b>", "junk": 1}, {"city": "\u00e9\"\n"}, {"tenure": null}]""");
        var rows = document.RootElement.EnumerateArray()
            .Select(r => (IReadOnlyDictionary<string, JsonElement>)r.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)).ToList();
        var predictions = new[]
        {
            new Prediction("yes", new Dictionary<string, double> { ["no"] = 0.1, ["yes"] = 0.9 }, null) { Id = "a" },
            new Prediction("no", new Dictionary<string, double> { ["no"] = 1.0 / 3, ["yes"] = 2.0 / 3 }, null) { Id = "b" },
            new Prediction(null, null, 1e-300),
        };
        using var json = new LogEntryJson(rows.Count);

        for (var i = 0; i < rows.Count; i++) json.Add(manifest, rows[i], predictions[i], predictions[i].Id, i == 1 ? "k\u0000é" : null, i == 2 ? "p" : null);
        var batch = json.Build("churn", 3, DateTimeOffset.UnixEpoch, PredictionRole.Shadow);

        Assert.Equal(rows.Count, batch.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var entry = batch.Entry(i);
            Assert.Equal(LoggedRequestTable.InputsJson(manifest, rows[i]), entry.InputsJson);
            Assert.Equal(JsonSerializer.Serialize(predictions[i], ServerJsonContext.Default.Prediction), entry.OutputJson);
            Assert.Equal((predictions[i].Id, i == 1 ? "k\u0000é" : null, i == 2 ? "p" : null), (entry.Id, entry.Key, entry.PrimaryId));
            Assert.Equal(("churn", 3, DateTimeOffset.UnixEpoch, PredictionRole.Shadow), (entry.ModelName, entry.Version, entry.Time, entry.Role));
        }
    }

    [Fact]
    public async Task LogEntryJson_rowsReadFromABody_writesWhatThePlainWriterWrites()
    {
        // Every kind of value the shortcut copies or hands to WriteTo: numbers as sent, strings with escapes, bytes the writer
        // escapes and non-ASCII text, literals, nested values, a missing column, the group column, rows of another shape.
        var manifest = new ModelManifest
        {
            Name = "churn", Task = TaskKind.Binary, Algorithm = "LightGbm", Target = "churn", Classes = ["no", "yes"],
            Inputs = [new InputColumn("tenure", ColumnKind.Numeric, true), new InputColumn("city", ColumnKind.Categorical, true),
                new InputColumn("prix <€>", ColumnKind.Numeric, true), new InputColumn("flag", ColumnKind.Categorical, true)],
            GroupThresholds = new() { Column = "region", Rate = "equal_opportunity", Global = 0.5, Thresholds = new Dictionary<string, double>() },
            Reference = new DatasetProfile { Rows = 1, Columns = [] },
        };
        const string body = """
            {"rows": [
              {"tenure": 1.50, "city": "plain text", "prix <€>": -0, "flag": true, "region": "north", "junk": 1},
              {"tenure": 1E+5, "city": "Zürich", "prix <€>": 12345678901234567890123456789, "flag": null, "region": "", "junk": 2},
              {"tenure": 1e-300, "city": "a\"b\\c\n\u00e9\u0041", "prix <€>": 0.10, "flag": false, "region": "<b>&'+`", "junk": 3},
              {"tenure": {"a": [1, "x"]}, "city": ["y"], "prix <€>": 3, "flag": "\ud83d\ude00", "region": "é", "junk": 4},
              {"city": "missing tenure", "tenure": 2, "flag": "x", "region": "s", "prix <€>": 1},
              {"tenure": 5, "city": "no group", "prix <€>": 4, "flag": "y"}
            ]}
            """;
        using var reader = await PredictRequestReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), default);
        Assert.Empty(reader.Errors);
        Assert.All(reader.Rows.Take(4), row => Assert.IsType<JsonRow>(row));
        var prediction = new Prediction("yes", null, null);
        using var json = new LogEntryJson(reader.Rows.Count);

        foreach (var row in reader.Rows) json.Add(manifest, row, prediction, null, null);
        var batch = json.Build("churn", 1, DateTimeOffset.UnixEpoch, PredictionRole.Primary);

        Assert.Equal(reader.Rows.Select(row => LoggedRequestTable.InputsJson(manifest, row)), Enumerable.Range(0, batch.Count).Select(i => batch.Entry(i).InputsJson));
    }

    [Fact]
    public void VerbatimJson_everyAsciiCharacterAndEscape_writesWhatWriteToWrites()
    {
        // Each of the 128 ASCII characters as itself where JSON allows it and as a \u escape, and the short escapes.
        var texts = Enumerable.Range(0, 128).SelectMany(c => c is >= 0x20 and not '"' and not '\\'
                ? new[] { $"\"{(char)c}\"", $"\"\\u{c:x4}\"", $"\"a{(char)c}z\"" }
                : [$"\"\\u{c:x4}\""])
            .Concat(["\"\\\"\"", "\"\\\\\"", "\"\\/\"", "\"\\b\\f\\n\\r\\t\"", "\"\"", "\"ü€😀\"", "0", "-1.5e-7", "1E400", "true", "false", "null", "[]", "{\"a\":1}"]);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);
        foreach (var text in texts)
        {
            using var document = JsonDocument.Parse(text);
            document.RootElement.WriteTo(writer);
            writer.Flush();
            var expected = Encoding.UTF8.GetString(buffer.WrittenSpan);
            buffer.ResetWrittenCount();
            writer.Reset();
            VerbatimJson.Write(writer, document.RootElement);
            writer.Flush();
            Assert.Equal(expected, Encoding.UTF8.GetString(buffer.WrittenSpan));
            buffer.ResetWrittenCount();
            writer.Reset();
        }
    }
}
