using System.Text.Json;
using MLCycle.Registry;

namespace MLCycle.Server.Apis;

/// <summary>The columns a model's log entries keep (<see cref="Monitoring.LoggedRequestTable.WriteInputs"/>: its inputs in order, then its
/// group column), with their names escaped once and, for rows that share a <see cref="JsonRow.Shape"/>, their positions found once.</summary>
internal sealed class LoggedColumns
{
    private readonly string[] names;
    private readonly JsonEncodedText[] escaped;
    private JsonRow.Shape? shape;
    private int[] positions = [];

    public LoggedColumns(ModelManifest manifest)
    {
        Manifest = manifest;
        names = [.. manifest.Inputs.Select(i => i.Name), .. manifest.GroupThresholds?.Column is { } group ? [group] : Array.Empty<string>()];
        // As Utf8JsonWriter.WritePropertyName(string) escapes a name with its default encoder, once instead of once per row.
        escaped = [.. names.Select(n => JsonEncodedText.Encode(n))];
    }

    public ModelManifest Manifest { get; }

    public int Count => names.Length;

    public JsonEncodedText Name(int column) => escaped[column];

    /// <summary>The row's value of the column, as <c>row.TryGetValue(name)</c> gives it.</summary>
    public bool TryGetValue(IReadOnlyDictionary<string, JsonElement> row, int column, out JsonElement value)
    {
        if (row is not JsonRow shaped) return row.TryGetValue(names[column], out value);
        if (!ReferenceEquals(shaped.RowShape, shape)) Locate(shaped.RowShape);
        var position = positions[column];
        value = position < 0 ? default : shaped.ValueAt(position);
        return position >= 0;
    }

    // Apart from TryGetValue: a lambda there would make it allocate its closure on every call, not only when the shape changes.
    private void Locate(JsonRow.Shape names)
    {
        shape = names;
        positions = [.. this.names.Select(n => names.Index.TryGetValue(n, out var at) ? at : -1)];
    }
}
