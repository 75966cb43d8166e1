using System.Text.Json;
using System.Text.Json.Serialization;
using MLCycle.Server.Apis;

namespace MLCycle.Server.Json;

/// <summary>Writes a list of predictions as a JSON array; a request's <see cref="IdentifiedPredictions"/> each with its id, without
/// copying the prediction to carry it (ADR 0072). Reads an array of predictions back.</summary>
internal sealed class PredictionListJsonConverter : JsonConverter<IReadOnlyList<Prediction>>
{
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<Prediction> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        if (value is IdentifiedPredictions identified)
        {
            for (var i = 0; i < identified.Count; i++) PredictionJsonConverter.Write(writer, identified.Scored[i]!, identified.Ids[i], options);
        }
        else
        {
            foreach (var prediction in value) PredictionJsonConverter.Write(writer, prediction, prediction.Id, options);
        }
        writer.WriteEndArray();
    }

    public override IReadOnlyList<Prediction> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("Predictions must be a JSON array.");
        var predictions = new List<Prediction>();
        var one = (JsonConverter<Prediction>)options.GetConverter(typeof(Prediction));
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) predictions.Add(one.Read(ref reader, typeof(Prediction), options)!);
        return predictions;
    }
}
