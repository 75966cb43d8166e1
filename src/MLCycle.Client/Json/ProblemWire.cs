using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLCycle.Client.Json;

/// <summary>The RFC 9457 problem body the server answers errors with.</summary>
internal sealed record ProblemWire(string? Title, string? Detail);

/// <summary>Source-generated JSON for problem bodies.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ProblemWire))]
internal sealed partial class ProblemWireContext : JsonSerializerContext;
