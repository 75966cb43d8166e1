using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLCycle.Registry;

/// <summary>The JSON settings of manifest.json: camelCase, enums as strings, NaN written as "NaN".</summary>
public static class ModelPackageJson
{
    /// <summary>The options every reader and writer of manifest.json uses.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };
}
