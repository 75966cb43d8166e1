using System.IO.Pipelines;
using System.Text.Json;
using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Server.Apis;
using MLCycle.Serving;

namespace MLCycle.Server.Tests;

/// <summary>The v2 answer is written into the response's pipe and flushed as it goes, a thousand ids or tensor rows at a time, so
/// its first bytes leave while the rest is written; the pieces join up into the one answer.</summary>
public sealed class InferenceResponseWriterTests
{
    private static readonly string[] Classes = ["No", "Yes"];

    [Fact]
    public async Task WriteAsync_2500Rows_isFlushedAsItGoesAndReadsBackWhole()
    {
        var scored = Enumerable.Range(0, 2_500).Select(i => new Prediction(Classes[i % 2], ClassProbabilities.Binary(Classes, i / 2500.0), null)).ToArray();
        var ids = Enumerable.Range(0, scored.Length).Select(_ => Guid.NewGuid()).ToArray();
        var manifest = new ModelManifest
        {
            Name = "churn", Task = TaskKind.Binary, Algorithm = "LightGbm", Target = "churn", Classes = Classes,
            Inputs = [new InputColumn("tenure", ColumnKind.Numeric, true)],
            Reference = new DatasetProfile { Rows = 1, Columns = [] },
        };
        using var stream = new FlushCountingStream();
        var pipe = PipeWriter.Create(stream);

        await InferenceResponseWriter.WriteAsync(pipe, new ModelVersion("churn", 3, "run", "path", DateTimeOffset.UnixEpoch), manifest, "42", null,
            new IdentifiedPredictions(scored, ids), ["row 7: unseen"], CancellationToken.None);

        // Two full thousands of ids, two of each tensor's rows, and the end: at least seven flushes where one used to carry it all.
        Assert.InRange(stream.Flushes, 7, int.MaxValue);
        using var json = JsonDocument.Parse(stream.ToArray());
        var root = json.RootElement;
        Assert.Equal(("churn", "3", "42"), (root.GetProperty("model_name").GetString(), root.GetProperty("model_version").GetString(), root.GetProperty("id").GetString()));
        Assert.Equal(ids.Select(id => id.ToString()), root.GetProperty("parameters").GetProperty("prediction_ids").GetString()!.Split(','));
        Assert.Equal("row 7: unseen", root.GetProperty("parameters").GetProperty("warnings").GetString());
        var outputs = root.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        Assert.Equal(scored.Select(p => p.Label), outputs["label"].GetProperty("data").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal([2_500, 2], outputs["probabilities"].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(scored.SelectMany(p => new[] { p.Probabilities!["No"], p.Probabilities["Yes"] }),
            outputs["probabilities"].GetProperty("data").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Theory]
    [InlineData(TaskKind.Binary)]
    [InlineData(TaskKind.Regression)]
    public async Task WriteAsync_rowsKeptAsNumbers_writeTheTensorsTheirPredictionsWrite(TaskKind task)
    {
        // A row as numbers (ADR 0075) and the same row as the object it reads as, in the same answer, in a different order.
        var classes = task == TaskKind.Binary ? Classes : [];
        var numbers = new ScoredPredictions(6, classes);
        float[] outputs = [0.1f, 0.9f, 0.5f, float.NaN, 2f, 0.61f];
        for (var i = 0; i < outputs.Length; i++)
        {
            // A binary NaN row never reaches a writer (NonFiniteScores refuses it): 0.45 stands in for it.
            if (task == TaskKind.Binary) numbers.SetProbability(i, float.IsNaN(outputs[i]) ? 0.45f : outputs[i], 0.6);
            else numbers.SetValue(i, float.IsNaN(outputs[i]) ? -7.5f : outputs[i] * 1e6f);
        }
        var objects = numbers.ToArray();
        var manifest = new ModelManifest
        {
            Name = "churn", Task = task, Algorithm = "LightGbm", Target = "churn", Classes = classes,
            Inputs = [new InputColumn("tenure", ColumnKind.Numeric, true)],
            Reference = new DatasetProfile { Rows = 1, Columns = [] },
        };
        var ids = Enumerable.Range(0, outputs.Length).Select(_ => Guid.NewGuid()).ToArray();

        async Task<string> Written(IReadOnlyList<Prediction?> scored)
        {
            using var stream = new MemoryStream();
            var pipe = PipeWriter.Create(stream);
            await InferenceResponseWriter.WriteAsync(pipe, new ModelVersion("churn", 3, "run", "path", DateTimeOffset.UnixEpoch), manifest, "42", null,
                new IdentifiedPredictions(scored, ids), [], CancellationToken.None);
            await pipe.CompleteAsync();
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }

        Assert.Equal(await Written(objects), await Written(numbers));
        Assert.Contains(task == TaskKind.Binary ? "\"Yes\"" : "2000000", await Written(numbers), StringComparison.Ordinal);
    }

    private sealed class FlushCountingStream : MemoryStream
    {
        public int Flushes { get; private set; }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return base.FlushAsync(cancellationToken);
        }
    }
}
