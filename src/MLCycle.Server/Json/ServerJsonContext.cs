using System.Text.Json;
using System.Text.Json.Serialization;
using MLCycle.Serving;

namespace MLCycle.Server.Json;

/// <summary>Source-generated JSON for every body the server writes: camelCase, nulls left out (a prediction carries either a
/// label with probabilities or a value). A prediction goes through <see cref="PredictionJsonConverter"/>, which writes what the
/// generated code would, faster.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(PredictionJsonConverter)])]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ModelListResponse))]
[JsonSerializable(typeof(PredictResponse))]
[JsonSerializable(typeof(Prediction))]
[JsonSerializable(typeof(PredictionExplanation))]
[JsonSerializable(typeof(List<FieldError>))]
[JsonSerializable(typeof(MLCycle.Monitoring.FeedbackResult))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
