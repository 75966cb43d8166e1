using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLCycle.Client.Json;

/// <summary>Source-generated JSON for GET /api/v1/audit: camelCase pages, as the registry lists.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PageWire<AuditEntryInfo>))]
internal sealed partial class AuditWireContext : JsonSerializerContext;
