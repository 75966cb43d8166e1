using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLCycle.Client.Json;

// The registry and approval bodies as the server sends and reads them: camelCase, states as lower-case strings.

internal sealed record PageWire<T>(List<T> Items, string? NextPageToken);

internal sealed record ModelDetailWire(ModelInfo Model, Dictionary<string, bool>? Protected);

internal sealed record PromotionWire(int Version, string Alias, string Reason, string? ExpiresIn);

internal sealed record ReasonWire(string Reason);

internal sealed record AliasWire(string Alias);

internal sealed record RegisterVersionWire(string RunId, int? Version);

internal sealed record MoveAliasWire(int Version, string? Reason);

/// <summary>Source-generated JSON for the registry API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(PageWire<ModelInfo>))]
[JsonSerializable(typeof(PageWire<ModelVersionInfo>))]
[JsonSerializable(typeof(PageWire<ApprovalRequestInfo>))]
[JsonSerializable(typeof(ModelDetailWire))]
[JsonSerializable(typeof(List<AliasChangeInfo>))]
[JsonSerializable(typeof(List<ModelRouteInfo>))]
[JsonSerializable(typeof(AliasChangeInfo))]
[JsonSerializable(typeof(ApprovalRequestInfo))]
[JsonSerializable(typeof(PromotionWire))]
[JsonSerializable(typeof(ReasonWire))]
[JsonSerializable(typeof(AliasWire))]
[JsonSerializable(typeof(RegisterVersionWire))]
[JsonSerializable(typeof(MoveAliasWire))]
[JsonSerializable(typeof(ModelVersionInfo))]
internal sealed partial class RegistryWireContext : JsonSerializerContext;
