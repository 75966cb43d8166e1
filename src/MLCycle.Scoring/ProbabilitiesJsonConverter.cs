using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLCycle;

/// <summary>
/// Writes a prediction's class probabilities as the JSON object the serializer's dictionary converter writes (the class names as
/// they are, in order, and their values as numbers), and reads it back into a dictionary. For <see cref="ClassProbabilities"/> it
/// writes from the model's name list and the row's value array by index: through the dictionary converter every row's object took an
/// enumerator object and two interface calls per class, the second largest allocation of a 10,000-row answer under load
/// (docs/benchmarks.md, "Where an overloaded server's CPU goes").
/// </summary>
public sealed class ProbabilitiesJsonConverter : JsonConverter<IReadOnlyDictionary<string, double>>
{
    public override IReadOnlyDictionary<string, double> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"Class probabilities must be a JSON object; found {reader.TokenType}.");
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            values[name] = reader.TokenType == JsonTokenType.String && (options.NumberHandling & JsonNumberHandling.AllowReadingFromString) != 0
                ? double.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                : reader.GetDouble();
        }
        return values;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, double> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value is ClassProbabilities shared)
        {
            var names = shared.Classes;
            var values = shared.ValuesInClassOrder;
            for (var i = 0; i < values.Length; i++)
            {
                writer.WritePropertyName(names[i]);
                writer.WriteNumberValue(values[i]);
            }
        }
        else
        {
            foreach (var (name, probability) in value)
            {
                writer.WritePropertyName(name);
                writer.WriteNumberValue(probability);
            }
        }
        writer.WriteEndObject();
    }
}
