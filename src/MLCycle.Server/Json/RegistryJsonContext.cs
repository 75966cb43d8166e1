using System.Text.Json;
using System.Text.Json.Serialization;
using MLCycle.Registry;

namespace MLCycle.Server.Json;

/// <summary>Source-generated JSON for the /api/v1 registry and approval bodies: camelCase, enums as strings (approval states read
/// "pending", not 0), nulls left out.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RegistryPage<RegisteredModel>))]
[JsonSerializable(typeof(RegistryPage<ModelVersion>))]
[JsonSerializable(typeof(RegistryPage<ApprovalRequest>))]
[JsonSerializable(typeof(ModelDetail))]
[JsonSerializable(typeof(ModelVersion))]
[JsonSerializable(typeof(ApprovalRequest))]
[JsonSerializable(typeof(AliasChange))]
[JsonSerializable(typeof(List<AliasChange>))]
[JsonSerializable(typeof(AliasProtection))]
[JsonSerializable(typeof(List<ModelRoute>))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
