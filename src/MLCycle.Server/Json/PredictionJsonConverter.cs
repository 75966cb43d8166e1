using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MLCycle.Serving;

namespace MLCycle.Server.Json;

/// <summary>
/// Writes a <see cref="Prediction"/> exactly as the source generator does (camelCase, nulls left out), without what the generated
/// code costs per row: it walks <see cref="Prediction.Probabilities"/> through an allocated enumerator and encodes every class name
/// again for every row. A 10,000-row answer and its 10,000 log rows are written through here (docs/adr/0071).
/// </summary>
internal sealed class PredictionJsonConverter : JsonConverter<Prediction>
{
    private static readonly JsonEncodedText Label = JsonEncodedText.Encode("label");
    private static readonly JsonEncodedText Probabilities = JsonEncodedText.Encode("probabilities");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText Explanation = JsonEncodedText.Encode("explanation");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");

    // Every prediction of a model shares its class list: the names are encoded once per list, not once per row.
    private static readonly ConditionalWeakTable<IReadOnlyList<string>, JsonEncodedText[]> EncodedNames = new();

    public override void Write(Utf8JsonWriter writer, Prediction value, JsonSerializerOptions options) => Write(writer, value, value.Id, options);

    /// <summary>Writes <paramref name="value"/> with <paramref name="id"/> as its id (a request's predictions carry their ids beside
    /// them, ADR 0072).</summary>
    internal static void Write(Utf8JsonWriter writer, Prediction value, string? id, JsonSerializerOptions options)
    {
        WriteFields(writer, value, explanation: true, options);
        if (id is not null) writer.WriteString(Id, id);
        writer.WriteEndObject();
    }

    /// <summary>Writes the prediction of <paramref name="row"/> in <paramref name="predictions"/> as the other overloads write it, with
    /// <paramref name="id"/> (its text, <see cref="Guid.ToString()"/>) when given and its explanation only when <paramref name="explanation"/>
    /// (the log keeps none). A row <see cref="ScoredPredictions"/> keeps as numbers is written from them (ADR 0075), without a
    /// prediction made for the write; a binary row's probabilities through <paramref name="texts"/> when given, kept there when
    /// <paramref name="keepTexts"/> (the v1 answer, for its log rows: ADR 0077).</summary>
    internal static void Write(Utf8JsonWriter writer, IReadOnlyList<Prediction?> predictions, int row, Guid? id, bool explanation, JsonSerializerOptions options,
        ProbabilityTexts? texts = null, bool keepTexts = false)
    {
        if (predictions is ScoredPredictions numbers && numbers.TryGetBinary(row, out var label, out var positive))
        {
            writer.WriteStartObject();
            writer.WriteString(Label, numbers.BinaryClasses[label]);
            writer.WriteStartObject(Probabilities);
            var names = Names(numbers.BinaryClasses);
            // The same doubles ClassProbabilities gives: 1 - positive, then positive.
            if (texts is not null) texts.Write(writer, names, row, 1 - positive, positive, keepTexts);
            else
            {
                writer.WriteNumber(names[0], 1 - positive);
                writer.WriteNumber(names[1], positive);
            }
            writer.WriteEndObject();
        }
        else if (predictions is ScoredPredictions values && values.TryGetNumber(row, out var value))
        {
            writer.WriteStartObject();
            writer.WriteNumber(Value, value);
        }
        else
        {
            WriteFields(writer, predictions[row]!, explanation, options);
        }
        if (id is { } given) writer.WriteString(Id, given);
        writer.WriteEndObject();
    }

    // Everything but the id and the closing brace.
    private static void WriteFields(Utf8JsonWriter writer, Prediction value, bool explanation, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Label is { } label) writer.WriteString(Label, label);
        if (value.Probabilities is { } probabilities)
        {
            writer.WriteStartObject(Probabilities);
            if (probabilities is ClassProbabilities shared)
            {
                var names = Names(shared.ClassNames);
                for (var i = 0; i < names.Length; i++) writer.WriteNumber(names[i], shared.ValueAt(i));
            }
            else
            {
                foreach (var (name, probability) in probabilities) writer.WriteNumber(name, probability);
            }
            writer.WriteEndObject();
        }
        if (value.Value is { } number) writer.WriteNumber(Value, number);
        if (explanation && value.Explanation is { } explained)
        {
            writer.WritePropertyName(Explanation);
            JsonSerializer.Serialize(writer, explained, ExplanationInfo(options));
        }
    }

    private static JsonEncodedText[] Names(IReadOnlyList<string> classes) =>
        EncodedNames.GetValue(classes, static list => [.. list.Select(name => JsonEncodedText.Encode(name))]);

    // Clients and tests read answers back with the server's context; property names match regardless of case, as the Web defaults do.
    public override Prediction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A prediction must be a JSON object.");
        string? label = null, id = null;
        Dictionary<string, double>? probabilities = null;
        double? value = null;
        PredictionExplanation? explanation = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null) continue;
            if (Is(name, "label")) label = reader.GetString();
            else if (Is(name, "id")) id = reader.GetString();
            else if (Is(name, "value")) value = reader.GetDouble();
            else if (Is(name, "explanation")) explanation = JsonSerializer.Deserialize(ref reader, ExplanationInfo(options));
            else if (Is(name, "probabilities")) probabilities = ReadProbabilities(ref reader);
            else reader.Skip();
        }
        return new Prediction(label, probabilities, value) { Explanation = explanation, Id = id };
    }

    private static Dictionary<string, double> ReadProbabilities(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A prediction's probabilities must be a JSON object.");
        var probabilities = new Dictionary<string, double>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            probabilities[name] = reader.GetDouble();
        }
        return probabilities;
    }

    private static bool Is(string name, string property) => string.Equals(name, property, StringComparison.OrdinalIgnoreCase);

    private static JsonTypeInfo<PredictionExplanation> ExplanationInfo(JsonSerializerOptions options) =>
        (JsonTypeInfo<PredictionExplanation>)options.GetTypeInfo(typeof(PredictionExplanation));
}
