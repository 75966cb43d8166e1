using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLCycle.Server.Json;

/// <summary>Source-generated JSON for the tracking API: snake_case as MLflow's REST API has it, nulls left out, and unknown
/// members refused so a misspelt field ("metric" for "metrics") is a 400, not a silently empty batch; a member given twice refused
/// too, since which value was meant cannot be known; text a store cannot keep (a NUL) is a 400 as well, never a database error.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false, Converters = [typeof(StoredTextConverter)])]
[JsonSerializable(typeof(CreateRunRequest))]
[JsonSerializable(typeof(CreateRunResponse))]
[JsonSerializable(typeof(LogBatchRequest))]
[JsonSerializable(typeof(EndRunRequest))]
[JsonSerializable(typeof(RunBody))]
[JsonSerializable(typeof(RunPageResponse))]
[JsonSerializable(typeof(ArtifactBody))]
[JsonSerializable(typeof(ArtifactListResponse))]
internal sealed partial class TrackingJsonContext : JsonSerializerContext;
