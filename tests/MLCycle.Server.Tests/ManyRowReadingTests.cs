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
/// would (a row with other names or another order included), a row that names a column twice is refused wherever it is, and the log's
/// JSON texts match the plain writers'.</summary>
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
              {"b": "u", "a": 9},
              {"\u0061": 11, "b": "t", "c": 12}
            ]}
            """;
        await AssertReadAsDictionariesAsync(body);
    }

    [Theory]
    // Names that are a prefix of a column's name, or that it is a prefix of.
    [InlineData("""{"rows": [{"tenure": 1, "plan": "a"}, {"ten": 2, "plan": "b"}, {"tenurex": 3, "plan": "c"}, {"tenure": 4, "pla": "d"}, {"tenure": 5, "plan": "e"}]}""")]
    // Escaped names: in the first row, and in later rows where they equal the shape's names once unescaped (or not: "plan\u0000").
    [InlineData("""{"rows": [{"tenu\u0072e": 1, "plan": "a"}, {"tenure": 2, "pl\u0061n": "b"}, {"tenure": 3, "plan": "c"}, {"\u0074enure": 4, "plan\u0000": "d"}]}""")]
    // The same names in other orders.
    [InlineData("""{"rows": [{"a": 1, "b": 2, "c": 3}, {"c": 4, "b": 5, "a": 6}, {"a": 7, "b": 8, "c": 9}, {"b": 10, "a": 11, "c": 12}]}""")]
    // Empty rows: first (an empty shape) and later.
    [InlineData("""{"rows": [{}, {"a": 1}, {}, {}]}""")]
    [InlineData("""{"rows": [{"a": 1}, {}, {"a": 2}, {"a": 3, "b": 4}]}""")]
    // Nested values, in the shape's names and in unknown fields.
    [InlineData("""{"rows": [{"a": 1, "junk": {"x": [1, 2, {"y": "z"}]}}, {"a": [2], "junk": [[], {}]}, {"a": {"b": 3}, "junk": {"a": 4}}, {"junk": 5, "a": 6}]}""")]
    public async Task ReadAsync_edgesOfTheSharedShape_readAsDictionariesWould(string body) => await AssertReadAsDictionariesAsync(body);

    [Fact]
    public async Task ReadAsync_tenThousandSeededRows_readAsDictionariesWould_mostInTheSharedShape()
    {
        // Most rows as the first; some in another order, short of a name, with a name more or an escaped name.
        var random = new Random(11);
        var rows = Enumerable.Range(0, PredictRequestReader.MaxRows).Select(i => (i == 0 ? 5 : random.Next(20), i)).Select(p => p.Item1 switch
        {
            0 => $$"""{"plan": "p{{p.i}}", "tenure": {{p.i}}, "city": "c"}""",
            1 => $$"""{"tenure": {{p.i}}, "plan": "p{{p.i}}"}""",
            2 => $$$"""{"tenure": {{{p.i}}}, "plan": "p{{{p.i}}}", "city": "c", "junk": {"n": [{{{p.i}}}]}}""",
            3 => $$"""{"city": "c", "tenure": {{p.i}}, "plan": "p{{p.i}}"}""",
            4 => $$"""{"tenure": {{p.i}}, "pl\u0061n": "p{{p.i}}", "city": "c\n"}""",
            _ => $$"""{"tenure": {{p.i}}, "plan": "p{{p.i}}", "city": {{(p.i % 7 == 0 ? "null" : "\"c\"")}}}""",
        });
        var body = $$"""{"rows": [{{string.Join(",\n", rows)}}]}""";

        var shared = await AssertReadAsDictionariesAsync(body);

        Assert.InRange(shared, PredictRequestReader.MaxRows * 3 / 4, PredictRequestReader.MaxRows);
    }

    [Theory]
    // In the first row (no shared shape then), in a later row of the shape, at its end, three times, and once escaped.
    [InlineData("""{"rows": [{"a": 1, "a": 2, "b": 3}, {"a": 4, "b": 5}]}""", "0:a")]
    [InlineData("""{"rows": [{"a": 1, "b": 2}, {"b": 6, "b": 7, "a": 8}, {"a": 9, "b": 10, "b": 11}]}""", "1:b 2:b")]
    [InlineData("""{"rows": [{"a": 1, "b": 2}, {"a": 3, "b": 4}, {"a": 5, "a": 6, "a": 7, "b": 8}]}""", "2:a")]
    [InlineData("""{"rows": [{"a": 1, "b": 2}, {"a": 3, "b": 4, "\u0061": 5}]}""", "1:a")]
    [InlineData("""{"rows": [{"a\n": 1, "b": 2, "a\n": 3}]}""", "0:a\n")]
    public async Task ReadAsync_aColumnNamedTwiceInARow_isRefusedNamingRowAndColumn(string body, string expected)
    {
        using var reader = await PredictRequestReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), default);

        Assert.Equal(expected, string.Join(" ", reader.Errors.Select(e => $"{e.Row}:{e.Field}")));
        Assert.All(reader.Errors, e => Assert.Equal("given more than once in this row: send each column once", e.Reason));
    }

    [Fact]
    public async Task ReadAsync_tenThousandRowsSomeNamingAColumnTwice_refusesExactlyThoseRows()
    {
        var random = new Random(12);
        var twice = new List<int>();
        var rows = Enumerable.Range(0, PredictRequestReader.MaxRows).Select(i =>
        {
            if (i == 0 || random.Next(50) != 0) return $$"""{"tenure": {{i}}, "plan": "p{{i}}"}""";
            twice.Add(i);
            return $$"""{"tenure": {{i}}, "plan": "p{{i}}", "tenure": -{{i}}}""";
        });
        var body = $$"""{"rows": [{{string.Join(",", rows)}}]}""";

        using var reader = await PredictRequestReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), default);

        Assert.NotEmpty(twice);
        Assert.Equal(twice, reader.Errors.Select(e => e.Row!.Value));
        Assert.All(reader.Errors, e => Assert.Equal("tenure", e.Field));
    }

    [Fact]
    public async Task ReadAsync_rowsGivenTwice_isRefused()
    {
        const string body = """{"rows": [{"a": 1}], "rows": [{"a": 2}]}""";

        using var reader = await PredictRequestReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), default);

        var error = Assert.Single(reader.Errors);
        Assert.Equal((null, "rows", "given more than once: send one array of rows"), (error.Row, error.Field, error.Reason));
        Assert.Empty(reader.Rows);
    }

    [Fact]
    public async Task ReadAsync_oneRowPastTheLimit_isRefusedNamingTheCount()
    {
        var rows = string.Join(",", Enumerable.Repeat("""{"a": 1}""", PredictRequestReader.MaxRows + 1));
        var body = $$"""{"rows": [{{rows}}]}""";

        using var reader = await PredictRequestReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), default);

        Assert.Empty(reader.Rows);
        Assert.Equal($"{PredictRequestReader.MaxRows + 1} rows: at most {PredictRequestReader.MaxRows} per request", Assert.Single(reader.Errors).Reason);
    }

    [Fact]
    public async Task ReadAsync_readersAliveTogetherAndOneAfterAnother_keepTheirOwnValues()
    {
        // Each reader's rows share one pooled array: readers alive at once must not share it, and one read after another is
        // disposed must see only its own values.
        static string Body(int offset)
        {
            var rows = string.Join(",", Enumerable.Range(offset, 500).Select(i => $$"""{"a": {{i}}, "b": "{{i}}"}"""));
            return $$"""{"rows": [{{rows}}]}""";
        }
        var first = await PredictRequestReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Body(0))), default);
        using (var second = await PredictRequestReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Body(1_000))), default))
        {
            Assert.Equal(Enumerable.Range(0, 500), first.Rows.Select(r => r["a"].GetInt32()));
            Assert.Equal(Enumerable.Range(1_000, 500), second.Rows.Select(r => r["a"].GetInt32()));
            Assert.Equal(Enumerable.Range(1_000, 500).Select(i => $"{i}"), second.Rows.Select(r => r["b"].GetString()));
        }
        first.Dispose();
        using var third = await PredictRequestReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Body(2_000))), default);

        Assert.Equal(Enumerable.Range(2_000, 500), third.Rows.Select(r => r["a"].GetInt32()));
        Assert.All(third.Rows, row => Assert.IsType<JsonRow>(row));
    }

    [Fact]
    public async Task Rows_readAfterTheirReaderIsDisposed_throwInsteadOfReadingThePool()
    {
        // The values' array goes back to the pool on Dispose; a row kept longer must not read what the next request put there.
        var body = $$"""{"rows": [{{string.Join(",", Enumerable.Range(0, 50).Select(i => $$"""{"a": {{i}}}"""))}}]}""";
        var reader = await PredictRequestReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), default);
        var kept = reader.Rows[7];
        Assert.Equal(7, kept["a"].GetInt32());
        reader.Dispose();
        using var next = await PredictRequestReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body.Replace("\"a\": ", "\"a\": 1"))), default);

        Assert.Throws<ObjectDisposedException>(() => kept["a"]);
        Assert.Throws<ObjectDisposedException>(() => ((JsonRow)kept).ValueAt(0));
        Assert.Equal(17, next.Rows[7]["a"].GetInt32());
    }

    // Reads the body and checks that every row holds what a dictionary of its properties would, through each way a row is read;
    // returns how many rows share the first row's shape.
    private static async Task<int> AssertReadAsDictionariesAsync(string body)
    {
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
            Assert.Equal(expected[r].Values.Order(StringComparer.Ordinal), row.Values.Select(v => v.GetRawText()).Order(StringComparer.Ordinal));
        }
        var first = reader.Rows[0] as JsonRow;
        return reader.Rows.Count(row => row is JsonRow shaped && first is not null && ReferenceEquals(shaped.RowShape, first.RowShape));
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
