using System.Globalization;
using System.Text.Json;
using MLCycle.Data;
using MLCycle.Registry;

namespace MLCycle.Monitoring;

/// <summary>Turns logged request rows (JSON objects) back into a table with the model's input columns and kinds.</summary>
public static class LoggedRequestTable
{
    public static Table Build(ModelManifest manifest, IReadOnlyList<PredictionLogEntry> entries)
    {
        var rows = entries.Select(e => JsonDocument.Parse(e.InputsJson).RootElement).ToList();
        var columns = manifest.Inputs.Select(input =>
            TableColumn.StoresNumbers(input.Kind)
                ? TableColumn.FromNumbers(new ColumnInfo(input.Name, input.Kind, "json"), rows.Select(r => input.Kind == ColumnKind.DateTime ? Date(r, input.Name) : Number(r, input.Name)).ToArray())
                : TableColumn.FromStrings(new ColumnInfo(input.Name, input.Kind, "json"), rows.Select(r => Text(r, input.Name)).ToArray()))
            .ToList();
        return new Table(columns);
    }

    private static double Number(JsonElement row, string name) =>
        !row.TryGetProperty(name, out var v) ? double.NaN : v.ValueKind switch
        {
            JsonValueKind.Number => v.GetDouble(),
            JsonValueKind.True => 1,
            JsonValueKind.False => 0,
            JsonValueKind.String when double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => double.NaN,
        };

    // Dates travel as ISO 8601 text and are compared, like in training, as Unix seconds.
    private static double Date(JsonElement row, string name) =>
        row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
            ? d.ToUnixTimeMilliseconds() / 1000.0
            : Number(row, name);

    private static string? Text(JsonElement row, string name) =>
        !row.TryGetProperty(name, out var v) ? null : v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => v.GetRawText(),
        };
}
