using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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
        WriteFields(writer, value, options);
        if (id is not null) writer.WriteString(Id, id);
        writer.WriteEndObject();
    }

    /// <summary>As the other, the id a value written as its text (<see cref="Guid.ToString()"/>).</summary>
    internal static void Write(Utf8JsonWriter writer, Prediction value, Guid id, JsonSerializerOptions options)
    {
        WriteFields(writer, value, options);
        writer.WriteString(Id, id);
        writer.WriteEndObject();
    }

    // Everything but the id and the closing brace.
    private static void WriteFields(Utf8JsonWriter writer, Prediction value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Label is { } label) writer.WriteString(Label, label);
        if (value.Probabilities is { } probabilities)
        {
            writer.WriteStartObject(Probabilities);
            if (probabilities is ClassProbabilities shared)
            {
                var names = EncodedNames.GetValue(shared.ClassNames, static list => [.. list.Select(name => JsonEncodedText.Encode(name))]);
                for (var i = 0; i < names.Length; i++) writer.WriteNumber(names[i], shared.ValueAt(i));
            }
            else
            {
                foreach (var (name, probability) in probabilities) writer.WriteNumber(name, probability);
            }
            writer.WriteEndObject();
        }
        if (value.Value is { } number) writer.WriteNumber(Value, number);
        if (value.Explanation is { } explanation)
        {
            writer.WritePropertyName(Explanation);
            JsonSerializer.Serialize(writer, explanation, ExplanationInfo(options));
        }
    }

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
