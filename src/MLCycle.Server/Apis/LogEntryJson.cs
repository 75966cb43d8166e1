using System.Buffers;
using System.Text;
using System.Text.Json;
using MLCycle.Monitoring;
using MLCycle.Registry;
using MLCycle.Server.Json;

namespace MLCycle.Server.Apis;

/// <summary>The JSON texts of prediction log entries (the row's inputs, the prediction), written through one reused writer and buffer:
/// a new writer, buffer and serializer call per row was most of what logging a 10,000-row request cost. The texts are the same as
/// <see cref="LoggedRequestTable.InputsJson"/> and <see cref="JsonSerializer.Serialize{TValue}(TValue, System.Text.Json.Serialization.Metadata.JsonTypeInfo{TValue})"/> give.</summary>
internal sealed class LogEntryJson : IDisposable
{
    private readonly ArrayBufferWriter<byte> buffer = new(512);
    private readonly Utf8JsonWriter writer;
    private LoggedColumns? columns;

    public LogEntryJson() => writer = new Utf8JsonWriter(buffer);

    /// <summary>The row's values for the model's inputs, as the log keeps them.</summary>
    public string Inputs(ModelManifest manifest, IReadOnlyDictionary<string, JsonElement> row)
    {
        // The columns' escaped names (and, per row shape, their positions) are found once per request, not once per row.
        var logged = columns is not null && ReferenceEquals(columns.Manifest, manifest) ? columns : columns = new LoggedColumns(manifest);
        writer.WriteStartObject();
        for (var c = 0; c < logged.Count; c++)
        {
            if (!logged.TryGetValue(row, c, out var value)) continue;
            writer.WritePropertyName(logged.Name(c));
            VerbatimJson.Write(writer, value);
        }
        writer.WriteEndObject();
        return Take();
    }

    /// <summary>The prediction as the server's JSON context writes it.</summary>
    public string Output(Prediction prediction)
    {
        JsonSerializer.Serialize(writer, prediction, ServerJsonContext.Default.Prediction);
        return Take();
    }

    private string Take()
    {
        writer.Flush();
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
        writer.Reset();
        return text;
    }

    public void Dispose() => writer.Dispose();
}
