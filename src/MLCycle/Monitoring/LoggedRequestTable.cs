using System.Globalization;
using System.Text.Json;
using MLCycle.Data;
using MLCycle.Registry;

namespace MLCycle.Monitoring;

/// <summary>Writes a request row as the log keeps it (the model's input columns only) and turns logged rows back into a table with the
/// model's input columns and kinds.</summary>
public static class LoggedRequestTable
{
    /// <summary>The row's values for the model's input columns (and its group column, which the thresholds read), as a JSON object;
    /// any other field is left out, so a caller's junk field is named in the warnings and never grows the database.</summary>
    public static string InputsJson(ModelManifest manifest, IReadOnlyDictionary<string, JsonElement> row)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(row);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer)) WriteInputs(writer, manifest, row);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes what <see cref="InputsJson"/> returns to <paramref name="writer"/>, so a caller logging many rows can reuse
    /// one writer and buffer for all of them.</summary>
    public static void WriteInputs(Utf8JsonWriter writer, ModelManifest manifest, IReadOnlyDictionary<string, JsonElement> row)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(row);
        writer.WriteStartObject();
        foreach (var input in manifest.Inputs)
        {
            if (row.TryGetValue(input.Name, out var value))
            {
                writer.WritePropertyName(input.Name);
                value.WriteTo(writer);
            }
        }
        if (manifest.GroupThresholds?.Column is { } group && row.TryGetValue(group, out var groupValue))
        {
            writer.WritePropertyName(group);
            groupValue.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    /// <summary>The longest key value the log keeps; a longer one is logged without its key (and refused as an outcome's key).</summary>
    public const int MaxKeyLength = 256;

    /// <summary>The row's value of the model's key column (<c>monitor.key</c>) as text, numbers as written; null when the model names
    /// no key, the row has none, or it is not a string or number of at most <see cref="MaxKeyLength"/> characters without a NUL.</summary>
    public static string? KeyOf(ModelManifest manifest, IReadOnlyDictionary<string, JsonElement> row)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(row);
        if (manifest.Monitoring?.Key is not { } column || !row.TryGetValue(column, out var value)) return null;
        var key = value.ValueKind switch
        {
            JsonValueKind.String => TextOf(value),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        // A NUL is no key PostgreSQL can keep, and one such row must not fail the log's whole batch.
        return key is { Length: > 0 and <= MaxKeyLength } && !key.Contains('\0', StringComparison.Ordinal) ? key : null;
    }

    // An unpaired surrogate escape ("\ud800") is valid JSON but no text: such a row is logged without its key.
    private static string? TextOf(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

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
