using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using MLCycle.Registry;
using MLCycle.Server.Json;
using MLCycle.Serving;

namespace MLCycle.Server.Apis;

/// <summary>The output tensors of a model (by task) and the infer response body {model_name, model_version, id, parameters, outputs}.</summary>
internal static class InferenceResponseWriter
{
    public const string Label = "label";
    public const string Probabilities = "probabilities";
    public const string Value = "value";

    /// <summary>Ids or tensor rows written between two flushes of the answer.</summary>
    internal const int RowsPerFlush = 1_000;

    /// <summary>What a model answers: a classifier the predicted label and one probability per class (in the manifest's class order);
    /// a regressor the predicted value.</summary>
    public static IReadOnlyList<TensorMetadata> Outputs(ModelManifest manifest) => manifest.Task == TaskKind.Regression
        ? [new TensorMetadata(Value, TensorDatatypes.Fp64, [-1])]
        : [new TensorMetadata(Label, TensorDatatypes.Bytes, [-1]), new TensorMetadata(Probabilities, TensorDatatypes.Fp64, [-1, manifest.Classes.Count])];

    /// <summary>Writes the infer response body into <paramref name="body"/> (the response's own pipe on the route: a 10,000-row
    /// answer is about 1 MB, which a buffer of its own grew to by doubling on the large object heap, copied once more to return it),
    /// flushing every <see cref="RowsPerFlush"/> ids and tensor rows so the headers and the first bytes leave while the rest is written,
    /// as the v1 answer does (ADR 0072).</summary>
    public static async Task WriteAsync(PipeWriter body, ModelVersion version, ModelManifest manifest, string? id, IReadOnlyList<string>? outputs,
        IdentifiedPredictions predictions, IReadOnlyList<string> warnings, CancellationToken ct)
    {
        using var writer = new Utf8JsonWriter(body);
        writer.WriteStartObject();
        writer.WriteString("model_name", version.Name);
        writer.WriteString("model_version", version.Version.ToString(CultureInfo.InvariantCulture));
        if (id is not null) writer.WriteString("id", id);
        // Protocol parameters hold scalars, so the warnings the v1 route lists travel as one string, a line each, and the
        // prediction ids (what feedback names) as one comma-separated string in row order, written id by id rather than joined.
        writer.WriteStartObject("parameters");
        writer.WritePropertyName("prediction_ids");
        if (predictions.Count == 0) writer.WriteStringValue("");
        // The ids sit beside the predictions (ADR 0072), each formatted into one buffer.
        var text = new char[36];
        for (var i = 0; i < predictions.Count; i++)
        {
            if (i > 0) writer.WriteStringValueSegment(",", isFinalSegment: false);
            predictions.Ids[i].TryFormat(text, out var length);
            writer.WriteStringValueSegment(text.AsSpan(0, length), isFinalSegment: i == predictions.Count - 1);
            await FlushEveryAsync(writer, body, i, ct);
        }
        if (warnings.Count > 0) writer.WriteString("warnings", string.Join('\n', warnings));
        writer.WriteEndObject();
        writer.WriteStartArray("outputs");
        foreach (var output in Outputs(manifest))
        {
            if (outputs is null || outputs.Contains(output.Name)) await WriteTensorAsync(writer, body, output, manifest, predictions.Scored, ct);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        await body.FlushAsync(ct);
    }

    // After every RowsPerFlush-th row: what is written so far goes to the client.
    private static async ValueTask FlushEveryAsync(Utf8JsonWriter writer, PipeWriter body, int row, CancellationToken ct)
    {
        if ((row + 1) % RowsPerFlush != 0) return;
        writer.Flush();
        await body.FlushAsync(ct);
    }

    private static async Task WriteTensorAsync(Utf8JsonWriter writer, PipeWriter body, TensorMetadata output, ModelManifest manifest,
        IReadOnlyList<Prediction?> predictions, CancellationToken ct)
    {
        writer.WriteStartObject();
        writer.WriteString("name", output.Name);
        writer.WriteString("datatype", output.Datatype);
        writer.WriteStartArray("shape");
        writer.WriteNumberValue(predictions.Count);
        if (output.Name == Probabilities) writer.WriteNumberValue(manifest.Classes.Count);
        writer.WriteEndArray();
        writer.WriteStartArray("data");
        // Rows kept as numbers are read from them (ADR 0075): a binary model's two classes are the manifest's, in its order (a
        // package listing other than two is refused when it loads).
        var numbers = predictions as ScoredPredictions;
        for (var row = 0; row < predictions.Count; row++)
        {
            switch (output.Name)
            {
                case Label when numbers is not null && numbers.TryGetBinary(row, out var index, out _):
                    writer.WriteStringValue(numbers.BinaryClasses[index]);
                    break;
                case Label:
                    writer.WriteStringValue(predictions[row]!.Label);
                    break;
                case Probabilities when numbers is not null && numbers.TryGetBinary(row, out _, out var positive):
                    writer.WriteNumberValue(1 - positive);
                    writer.WriteNumberValue(positive);
                    break;
                case Probabilities:
                    var probabilities = predictions[row]!.Probabilities!;
                    foreach (var label in manifest.Classes) writer.WriteNumberValue(probabilities.GetValueOrDefault(label));
                    break;
                default:
                    writer.WriteNumberValue(numbers is not null && numbers.TryGetNumber(row, out var value) ? value : predictions[row]!.Value.GetValueOrDefault());
                    break;
            }
            await FlushEveryAsync(writer, body, row, ct);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
