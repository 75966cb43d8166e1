using System.IO.Pipelines;
using System.Text.Json;
using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Registry;
using MLCycle.Server.Apis;

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
