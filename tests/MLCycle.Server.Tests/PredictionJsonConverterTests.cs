using System.Text.Json;
using System.Text.Json.Serialization;
using MLCycle.Server.Apis;
using MLCycle.Server.Json;
using MLCycle.Serving;

namespace MLCycle.Server.Tests;

public sealed class PredictionJsonConverterTests
{
    // Class names a JSON writer must escape, shared by the model's predictions as a real model's are.
    private static readonly string[] Classes = ["No", "<b>\"Yes\"</b>", "café", "line\nbreak"];

    public static TheoryData<string> Cases => [.. Predictions.Keys];

    private static readonly Dictionary<string, Prediction> Predictions = new()
    {
        ["classification"] = new Prediction("No", new ClassProbabilities(Classes, [0.5, 0.25, 0.125, 0.125]), null),
        ["classification with an id"] = new Prediction("café", new ClassProbabilities(Classes, [0.1, 0.2, 0.6999999999999998, 1e-300]), null) { Id = "01JBQ7\u0001x" },
        ["probabilities from a plain dictionary"] = new Prediction("a", new Dictionary<string, double> { ["a"] = 0.9, ["b\u2028"] = 0.1 }, null),
        ["regression"] = new Prediction(null, null, -123456.789e10) { Id = "id" },
        ["regression at zero"] = new Prediction(null, null, 0),
        ["nothing"] = new Prediction(null, null, null),
        ["explained"] = new Prediction("No", new ClassProbabilities(Classes, [1, 0, 0, 0]), null)
        {
            Explanation = new PredictionExplanation(0.25, "raw_score", "tree_shap", 0, [new ColumnContribution("tenure", "2", -0.5), new ColumnContribution("note", null, 1e-9)]),
            Id = "x",
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Write_isWhatTheGeneratedSerializerWrites(string name)
    {
        var prediction = Predictions[name];

        Assert.Equal(JsonSerializer.Serialize(prediction, ReferenceJsonContext.Default.Prediction), JsonSerializer.Serialize(prediction, ServerJsonContext.Default.Prediction));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_ofWhatWasWritten_writesTheSameAgain(string name)
    {
        var json = JsonSerializer.Serialize(Predictions[name], ServerJsonContext.Default.Prediction);

        var read = JsonSerializer.Deserialize(json, ServerJsonContext.Default.Prediction)!;

        Assert.Equal(json, JsonSerializer.Serialize(read, ServerJsonContext.Default.Prediction));
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize(json, ReferenceJsonContext.Default.Prediction)!, ReferenceJsonContext.Default.Prediction));
    }

    [Fact]
    public void Read_namesInAnyCaseAndUnknownFields_readAsTheGeneratedSerializerReads()
    {
        const string json = """{"Label":"Yes","PROBABILITIES":{"No":0.25,"Yes":0.75},"extra":{"deep":[1,{"x":null}]},"value":null,"Id":"p1"}""";

        var read = JsonSerializer.Deserialize(json, ServerJsonContext.Default.Prediction)!;
        var reference = JsonSerializer.Deserialize(json, ReferenceJsonContext.Default.Prediction)!;

        Assert.Equal((reference.Label, reference.Value, reference.Id), (read.Label, read.Value, read.Id));
        Assert.Equal(reference.Probabilities!.OrderBy(p => p.Key), read.Probabilities!.OrderBy(p => p.Key));
    }

    [Fact]
    public void Write_answerOfManyRows_isWhatTheGeneratedSerializerWrites()
    {
        var predictions = Enumerable.Range(0, 1000)
            .Select(i => new Prediction(Classes[i % 4], new ClassProbabilities(Classes, [i / 1000.0, 1 - i / 1000.0, 0, 0]), null) { Id = $"id{i}" })
            .ToList();
        var response = new PredictResponse(new ModelIdentity("churn", 3), predictions, ["tenure: a value outside training's range"]);

        Assert.Equal(JsonSerializer.Serialize(response, ReferenceJsonContext.Default.PredictResponse), JsonSerializer.Serialize(response, ServerJsonContext.Default.PredictResponse));
    }

    [Fact]
    public async Task PredictAnswer_predictionsWithIdsBesideThem_isWhatTheGeneratedSerializerWritesOfCopiesCarryingThem()
    {
        // 2,500 rows: the answer is flushed three times on the way, and the bytes must join up.
        var scored = Enumerable.Range(0, 2_500).Select(i => i % 3 == 0
            ? new Prediction(null, null, i * 0.25)
            : new Prediction(Classes[i % 4], new ClassProbabilities(Classes, [i / 2500.0, 1 - i / 2500.0, 0, 0]), null)).ToArray();
        var ids = new Guid[scored.Length];
        MLCycle.Monitoring.PredictionId.NewMany(DateTimeOffset.UnixEpoch.AddYears(56), ids);
        var copies = scored.Select((p, i) => p with { Id = ids[i].ToString() }).ToList();
        string[] warnings = ["tenure: 1 value outside training's range [0, 72] (\"-5\")"];

        var (json, contentType) = await AnswerAsync(new PredictAnswer(new ModelIdentity("churn", 3), new IdentifiedPredictions(scored, ids), warnings));
        var read = JsonSerializer.Deserialize(json, ServerJsonContext.Default.PredictResponse)!;

        Assert.Equal(JsonSerializer.Serialize(new PredictResponse(new ModelIdentity("churn", 3), copies, warnings), ReferenceJsonContext.Default.PredictResponse), json);
        Assert.Equal("application/json; charset=utf-8", contentType);
        Assert.Equal(ids.Select(id => id.ToString()), read.Predictions.Select(p => p.Id));
    }

    [Fact]
    public async Task PredictAnswer_tenThousandRows_copiesNoPredictionAndMakesNoIdString()
    {
        var scored = Enumerable.Range(0, 10_000).Select(i => new Prediction(null, null, i)).ToArray();
        var answer = new PredictAnswer(new ModelIdentity("churn", 3), new IdentifiedPredictions(scored, [.. Enumerable.Range(0, 10_000).Select(_ => Guid.NewGuid())]), []);
        await AnswerAsync(answer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        await AnswerAsync(answer, keep: false);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // A copy of each prediction to carry its id would be 10,000 objects of 56 bytes or more, and each id's text 10,000 strings.
        Assert.InRange(allocated, 0, 100_000);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Write_rowsKeptAsNumbers_isWhatTheGeneratedSerializerWritesOfTheirPredictions(bool explanation)
    {
        // Escaped class names, probabilities at and past the ends; regression values of every size; objects with and without explanations.
        string[] binaryClasses = ["<b>\"No\"</b>", "café\n"];
        float[] outputs = [0f, 1f, 0.5f, 0.1f, 0.7f, 1e-30f, -3f, 2f, float.NaN];
        var binary = new ScoredPredictions(outputs.Length + 1, binaryClasses);
        // A binary NaN row never reaches a writer (NonFiniteScores refuses it): 0.45 stands in for it.
        for (var i = 0; i < outputs.Length; i++) binary.SetProbability(i, float.IsNaN(outputs[i]) ? 0.45f : outputs[i], 0.4);
        binary[outputs.Length] = Predictions["explained"];
        // A value JSON cannot hold (NaN) throws in both writers alike, so the regression rows leave it out.
        var regression = new ScoredPredictions(outputs.Length - 1, []);
        for (var i = 0; i < outputs.Length - 1; i++) regression.SetValue(i, outputs[i] * 1e9f);
        var id = Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");

        foreach (var scored in new[] { binary, regression })
        {
            for (var row = 0; row < scored.Count; row++)
            {
                var expected = scored[row]! with { Id = id.ToString() };
                if (!explanation) expected = expected with { Explanation = null };
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer)) PredictionJsonConverter.Write(writer, scored, row, id, explanation, ServerJsonContext.Default.Options);

                Assert.Equal(JsonSerializer.Serialize(expected, ReferenceJsonContext.Default.Prediction), System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            }
        }
    }

    private static async Task<(string Json, string? ContentType)> AnswerAsync(PredictAnswer answer, bool keep = true)
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        using Stream body = keep ? new MemoryStream() : Stream.Null;
        http.Response.Body = body;
        await answer.ExecuteAsync(http);
        return (keep ? System.Text.Encoding.UTF8.GetString(((MemoryStream)body).ToArray()) : "", http.Response.ContentType);
    }
}

/// <summary>The server's JSON options without <see cref="PredictionJsonConverter"/>: what the source generator writes and reads.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Prediction))]
[JsonSerializable(typeof(PredictResponse))]
internal sealed partial class ReferenceJsonContext : JsonSerializerContext;
