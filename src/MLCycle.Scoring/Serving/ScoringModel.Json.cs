using System.Text.Json;
using MLCycle.Preparation;

namespace MLCycle.Serving;

/// <summary>Encoding JSON rows (the HTTP path): rows read by name, or by position for rows that share their names.</summary>
public sealed partial class ScoringModel
{
    private void EncodeJson(IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> rows, FeatureRow?[] features, FeatureRowPool.Lease lent, InputRowReader reader, int from, int to)
    {
        // Rows that share their names are read by position, found once per shape; a single row is read by name (finding positions
        // would cost it more than it saves).
        var shape = to - from > 1 ? new ShapeColumns() : null;
        for (var r = from; r < to; r++)
        {
            var values = rows[r];
            if (values is null)
            {
                reader.Errors.Add(new InputError(r, "", "expected an object of column values, found null"));
                continue;
            }
            if (shape is not null && values is IShapedJsonRow shaped)
            {
                features[r] = EncodeShaped(shaped, lent[r], r, shape, reader);
                continue;
            }
            var row = lent[r];
            var ok = true;
            for (var i = 0; i < Manifest.Inputs.Count; i++)
            {
                if (!values.TryGetValue(Manifest.Inputs[i].Name, out var value))
                {
                    reader.Missing(r, i);
                    ok = false;
                }
                else ok &= reader.SetJson(row, r, i, value);
            }
            foreach (var key in values.Keys)
            {
                if (IsUnknown(key)) reader.Warn(ScoringWarningKind.UnknownColumn, $"row {r}: unknown column '{NameRules.Show(key)}' is ignored");
            }
            features[r] = ok ? row : null;
        }
    }

    // As the dictionary path above (the same errors and warnings in the same order), with the inputs' positions and the unknown
    // names found once per shape instead of two lookups per column in every row.
    private FeatureRow? EncodeShaped(IShapedJsonRow values, FeatureRow row, int r, ShapeColumns shape, InputRowReader reader)
    {
        if (!ReferenceEquals(values.Names, shape.Names)) shape.Locate(values.Names, this);
        var ok = true;
        for (var i = 0; i < shape.Positions.Length; i++)
        {
            var position = shape.Positions[i];
            if (position < 0)
            {
                reader.Missing(r, i);
                ok = false;
            }
            else ok &= reader.SetJson(row, r, i, values.ValueAt(position));
        }
        foreach (var key in shape.Unknown) reader.Warn(ScoringWarningKind.UnknownColumn, $"row {r}: unknown column '{NameRules.Show(key)}' is ignored");
        return ok ? row : null;
    }

    /// <summary>For the rows of one shape: each input's position in its names (-1 when absent), and its names that are no input.</summary>
    private sealed class ShapeColumns
    {
        public IReadOnlyList<string>? Names { get; private set; }

        public int[] Positions { get; private set; } = [];

        public string[] Unknown { get; private set; } = [];

        public void Locate(IReadOnlyList<string> names, ScoringModel model)
        {
            Names = names;
            var at = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
            for (var p = 0; p < names.Count; p++) at[names[p]] = p;
            Positions = [.. model.Manifest.Inputs.Select(i => at.GetValueOrDefault(i.Name, -1))];
            Unknown = [.. names.Where(model.IsUnknown)];
        }
    }

    // A name that is neither an input, the group column nor the monitoring key: named in a warning, not scored.
    private bool IsUnknown(string key) => !_inputIndex.ContainsKey(key) && key != Manifest.GroupThresholds?.Column && key != Manifest.Monitoring?.Key;
}
