using MLCycle.Data;

namespace MLCycle.Preparation;

/// <summary>Writes typed input values into <see cref="FeatureRow"/>s following a <see cref="FeatureLayout"/>.</summary>
public sealed class FeatureEncoder
{
    /// <summary>The token a missing categorical value becomes, after the column prefix.</summary>
    public const string MissingToken = "<missing>";

    private readonly FeatureLayout _layout;
    private readonly string[] _prefixes;
    private readonly string[] _missing;
    // Seen categories map to ready-made tokens so the serving path allocates no strings for them.
    private readonly Dictionary<string, string>?[] _tokens;
    // The same maps looked up by characters, for a JSON value read without making it a string first.
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>?[] _tokensByChars;

    /// <summary>An encoder for the layout; seen categories are turned into tokens once, here.</summary>
    public FeatureEncoder(FeatureLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
        _prefixes = layout.Inputs.Select(i => i.Name + "=").ToArray();
        _missing = _prefixes.Select(p => p + MissingToken).ToArray();
        _tokens = layout.Inputs
            .Select((input, i) => input.Categories?.Distinct(StringComparer.Ordinal)
                .ToDictionary(c => c, c => _prefixes[i] + c, StringComparer.Ordinal))
            .ToArray();
        _tokensByChars = [.. _tokens.Select(t => t?.GetAlternateLookup<ReadOnlySpan<char>>())];
    }

    /// <summary>The layout rows are written in.</summary>
    public FeatureLayout Layout => _layout;

    /// <summary>Sets a Numeric, Boolean or DateTime (Unix seconds) input; NaN is missing.</summary>
    public void SetNumber(FeatureRow row, int input, double value)
    {
        var offset = _layout.Offsets[input];
        if (_layout.Inputs[input].Kind != ColumnKind.DateTime)
        {
            row.Numeric[offset] = (float)value;
            return;
        }
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            for (var p = 0; p < FeatureLayout.DateParts.Count; p++) row.Numeric[offset + p] = float.NaN;
            return;
        }
        var t = DateTime.UnixEpoch.AddSeconds(Math.Clamp(value, -62_135_596_800d, 253_402_300_799d));
        row.Numeric[offset] = t.Year;
        row.Numeric[offset + 1] = t.Month;
        row.Numeric[offset + 2] = t.Day;
        row.Numeric[offset + 3] = (int)t.DayOfWeek;
        row.Numeric[offset + 4] = t.Hour;
    }

    /// <summary>Sets a Categorical or Text input; null is missing.</summary>
    public void SetString(FeatureRow row, int input, string? value)
    {
        var offset = _layout.Offsets[input];
        switch (_layout.Inputs[input].Kind)
        {
            case ColumnKind.Text:
                row.Text[offset] = value ?? "";
                break;
            case ColumnKind.Categorical:
                var token = value is null ? _missing[input]
                    : _tokens[input] is { } known && known.TryGetValue(value, out var t) ? t
                    : _prefixes[input] + value;
                SetToken(row, input, token);
                break;
            default:
                throw new InvalidOperationException($"Column '{_layout.Inputs[input].Name}' of kind {_layout.Inputs[input].Kind} takes numbers.");
        }
    }

    /// <summary>Sets a Categorical input to one of its training categories given as characters, without a string per value; false
    /// (nothing set) when the input is not categorical or the value is not one of them.</summary>
    public bool TrySetKnown(FeatureRow row, int input, ReadOnlySpan<char> value)
    {
        if (_tokensByChars[input] is not { } known || _layout.Inputs[input].Kind != ColumnKind.Categorical || !known.TryGetValue(value, out var token)) return false;
        SetToken(row, input, token);
        return true;
    }

    /// <summary>The tokens an input's known values become, as this encoder writes them (the same instances every time): one per
    /// training category, and the missing token. Empty for inputs that are not categorical.</summary>
    public IEnumerable<string> Tokens(int input)
    {
        if (_layout.Inputs[input].Kind != ColumnKind.Categorical) return [];
        return (_tokens[input]?.Values ?? Enumerable.Empty<string>()).Append(_missing[input]);
    }

    private void SetToken(FeatureRow row, int input, string token)
    {
        if (_layout.IsHashed(input)) row.Hashed[_layout.Offsets[input]] = token;
        else row.Categorical[_layout.Offsets[input]] = token;
    }

    /// <summary>Encodes every row of a typed table whose columns match the inputs by name and kind.</summary>
    public FeatureRow[] Encode(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = _layout.Inputs.Select(i => table[i.Name]).ToArray();
        // Numeric and Boolean inputs are one cast into their slot; looked up once here, not per value, for wide tables.
        var plain = columns.Select((c, i) => c.Numbers is not null && _layout.Inputs[i].Kind != ColumnKind.DateTime ? c.Numbers : null).ToArray();
        var offsets = _layout.Offsets.ToArray();
        var rows = new FeatureRow[table.RowCount];
        for (var r = 0; r < rows.Length; r++)
        {
            var row = _layout.CreateRow();
            var numeric = row.Numeric;
            for (var i = 0; i < columns.Length; i++)
            {
                if (plain[i] is { } p) numeric[offsets[i]] = (float)p[r];
                else if (columns[i].Numbers is { } n) SetNumber(row, i, n[r]);
                else SetString(row, i, columns[i].Strings![r]);
            }
            rows[r] = row;
        }
        return rows;
    }
}
