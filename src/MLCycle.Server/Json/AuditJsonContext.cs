using System.Text.Json;
using System.Text.Json.Serialization;
using MLCycle.Access;

namespace MLCycle.Server.Json;

/// <summary>Source-generated JSON for GET /api/v1/audit: camelCase pages as the registry lists have them, each entry as
/// <c>mlcycle audit --json</c> prints it, nulls left out.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RegistryPage<AuditEntry>))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
