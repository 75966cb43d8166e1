using System.Text.Json;
using MLCycle.Monitoring;
using MLCycle.Registry;
using MLCycle.Server.Json;

namespace MLCycle.Server.Apis;

/// <summary>A request's prediction log rows, built as one <see cref="PredictionLogBatch"/>: each row's inputs and prediction written as
/// UTF-8 through one reused writer into the batch's one buffer (ADR 0061), not as strings per row. The texts are the same as
/// <see cref="LoggedRequestTable.InputsJson"/> and <see cref="JsonSerializer.Serialize{TValue}(TValue, System.Text.Json.Serialization.Metadata.JsonTypeInfo{TValue})"/> give.</summary>
internal sealed class LogEntryJson(int rows) : IDisposable
{
    private readonly PredictionLogBatchBuilder batch = new(rows);
    private LoggedColumns? columns;

    /// <summary>Adds a row: its values for the model's inputs (as the log keeps them) and the prediction as the server's JSON context writes it.</summary>
    public void Add(ModelManifest manifest, IReadOnlyDictionary<string, JsonElement> row, Prediction prediction, string? id, string? key, string? primaryId = null)
    {
        WriteInputs(manifest, row);
        JsonSerializer.Serialize(batch.Json, prediction, ServerJsonContext.Default.Prediction);
        batch.EndRow(id, key, primaryId);
    }

    /// <summary>Adds a request's row: its values for the model's inputs and the prediction of <paramref name="index"/> in
    /// <paramref name="predictions"/> without its explanation (read from its numbers where they are kept, ADR 0075), the ids as
    /// values (ADR 0072), a binary row's probabilities from the text the answer kept in <paramref name="texts"/> when given (ADR 0077).</summary>
    public void Add(ModelManifest manifest, IReadOnlyDictionary<string, JsonElement> row, IReadOnlyList<Prediction?> predictions, int index, Guid id, string? key,
        Guid? primaryId = null, ProbabilityTexts? texts = null)
    {
        WriteInputs(manifest, row);
        PredictionJsonConverter.Write(batch.Json, predictions, index, null, explanation: false, ServerJsonContext.Default.Options, texts);
        batch.EndRow(id, key, primaryId);
    }

    private void WriteInputs(ModelManifest manifest, IReadOnlyDictionary<string, JsonElement> row)
    {
        // The columns' escaped names (and, per row shape, their positions) are found once per request, not once per row.
        var logged = columns is not null && ReferenceEquals(columns.Manifest, manifest) ? columns : columns = new LoggedColumns(manifest);
        var writer = batch.Json;
        writer.WriteStartObject();
        for (var c = 0; c < logged.Count; c++)
        {
            if (!logged.TryGetValue(row, c, out var value)) continue;
            writer.WritePropertyName(logged.Name(c));
            VerbatimJson.Write(writer, value);
        }
        writer.WriteEndObject();
        batch.EndInputs();
    }

    /// <summary>The rows added, as one batch for <see cref="PredictionLogWriter.TryWrite(PredictionLogBatch)"/>.</summary>
    public PredictionLogBatch Build(string modelName, int version, DateTimeOffset time, PredictionRole role) => batch.Build(modelName, version, time, role);

    public void Dispose() => batch.Dispose();
}
