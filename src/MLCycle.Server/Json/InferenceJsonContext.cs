using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLCycle.Server.Json;

/// <summary>Source-generated JSON for the Open Inference Protocol v2 bodies, whose fields are snake_case (model_name, model_version).
/// The infer response is written by <see cref="Apis.InferenceResponseWriter"/>, since its tensors mix strings and numbers.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InferenceError))]
[JsonSerializable(typeof(InferenceHealth))]
[JsonSerializable(typeof(InferenceServerMetadata))]
[JsonSerializable(typeof(InferenceModelMetadata))]
[JsonSerializable(typeof(InferenceModelReady))]
internal sealed partial class InferenceJsonContext : JsonSerializerContext;

/// <summary>The protocol's error body.</summary>
internal sealed record InferenceError(string Error);

/// <summary>The body of GET /v2/health/live (Live set) and /v2/health/ready (Ready set).</summary>
/// <summary>The protocol's {"live"} or {"ready"}; "degraded" (beyond the protocol, ignored by clients that do not know it) says why a
/// replica that serves is not whole, such as a prediction log that has dropped rows.</summary>
internal sealed record InferenceHealth(bool? Live = null, bool? Ready = null, string? Degraded = null);

/// <summary>The body of GET /v2: the server's name, version and the protocol extensions it supports.</summary>
internal sealed record InferenceServerMetadata(string Name, string Version, IReadOnlyList<string> Extensions);

/// <summary>The body of GET /v2/models/{name}[/versions/{v}]: the versions that may be asked for, and the tensors in and out.</summary>
internal sealed record InferenceModelMetadata(string Name, IReadOnlyList<string> Versions, string Platform,
    IReadOnlyList<TensorMetadata> Inputs, IReadOnlyList<TensorMetadata> Outputs);

/// <summary>One input or output tensor: its name, datatype and shape (-1 for the number of rows).</summary>
internal sealed record TensorMetadata(string Name, string Datatype, IReadOnlyList<int> Shape);

/// <summary>The body of GET /v2/models/{name}[/versions/{v}]/ready.</summary>
internal sealed record InferenceModelReady(string Name, bool Ready);
