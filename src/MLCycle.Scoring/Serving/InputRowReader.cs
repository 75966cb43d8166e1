using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using MLCycle.Data;
using MLCycle.Preparation;

namespace MLCycle.Serving;

/// <summary>
/// Validates input values against the manifest and writes them into feature rows, collecting errors and warnings
/// for one scoring call. Null is accepted for every column: the chain imputes numbers and categoricals have a missing token.
/// </summary>
internal sealed class InputRowReader
{
    private readonly FeatureEncoder _encoder;
    private readonly IReadOnlyList<InputColumn> _inputs;
    private readonly IReadOnlySet<string>?[] _seen;
    private readonly Func<string, string>? _normalize;
    private readonly NumericRange?[]? _ranges;

    public InputRowReader(FeatureEncoder encoder, IReadOnlySet<string>?[] seen, Func<string, string>? normalize = null, NumericRange?[]? ranges = null)
    {
        _normalize = normalize;
        _ranges = ranges;
        _encoder = encoder;
        _inputs = encoder.Layout.Inputs;
        _seen = seen;
    }

    public List<InputError> Errors { get; } = [];
    public List<string> Warnings { get; } = [];

    /// <summary>How many warnings of each kind (<see cref="ScoringWarningKind"/>) this call gave.</summary>
    public Dictionary<string, int> WarningKinds { get; } = new(StringComparer.Ordinal);

    public void Warn(string kind, string message)
    {
        Warnings.Add(message);
        WarningKinds[kind] = WarningKinds.GetValueOrDefault(kind) + 1;
    }

    /// <summary>Adds what another reader collected (a later slice of the same call's rows) after this one's.</summary>
    public void Append(InputRowReader later)
    {
        Errors.AddRange(later.Errors);
        Warnings.AddRange(later.Warnings);
        foreach (var (kind, count) in later.WarningKinds) WarningKinds[kind] = WarningKinds.GetValueOrDefault(kind) + count;
    }

    public void Missing(int row, int input) => Errors.Add(new InputError(row, _inputs[input].Name, "missing column"));

    public void Wrong(int row, int input, string found) =>
        Errors.Add(new InputError(row, _inputs[input].Name, $"expected {ValueParser.Expected(_inputs[input].Kind)}, found {found}"));

    /// <summary>Sets a value given as text (or null); false when it does not parse for the column's kind.</summary>
    public bool SetText(FeatureRow target, int row, int input, string? text)
    {
        var kind = _inputs[input].Kind;
        if (!TableColumn.StoresNumbers(kind))
        {
            SetString(target, row, input, text);
            return true;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            _encoder.SetNumber(target, input, double.NaN);
            return true;
        }
        if (!ValueParser.TryParse(kind, text, out var value))
        {
            Wrong(row, input, $"'{NameRules.Show(text)}'");
            return false;
        }
        SetNumber(target, row, input, value);
        return true;
    }

    /// <summary>Sets a number; one outside what training saw is still scored, with a warning naming the column and the range.</summary>
    public void SetNumber(FeatureRow target, int row, int input, double value)
    {
        if (_ranges?[input] is { } range && !range.Contains(value))
        {
            Warn(ScoringWarningKind.OutOfRange, string.Create(CultureInfo.InvariantCulture,
                $"row {row}: column '{_inputs[input].Name}' value {value:R} is outside the training range [{range.Min:R}, {range.Max:R}]; scored anyway"));
        }
        _encoder.SetNumber(target, input, value);
    }

    public void SetString(FeatureRow target, int row, int input, string? value)
    {
        if (value is not null && _seen[input] is { } seen && !seen.Contains(_normalize is null ? value : _normalize(value)))
        {
            // The value is the caller's text: shown escaped and cut, so a 20 MB or escape-laden value is not echoed back whole.
            Warn(ScoringWarningKind.UnseenCategory, $"row {row}: column '{_inputs[input].Name}' has unseen category '{NameRules.Show(value)}'");
        }
        _encoder.SetString(target, input, value);
    }

    /// <summary>Sets a JSON value; false (with an error recorded) when its JSON type does not fit the column.</summary>
    public bool SetJson(FeatureRow target, int row, int input, JsonElement value)
    {
        var kind = _inputs[input].Kind;
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return SetText(target, row, input, null);
        if (!TableColumn.StoresNumbers(kind))
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String when SetKnown(target, input, value): return true;
                case JsonValueKind.String: SetString(target, row, input, value.GetString()); return true;
                case JsonValueKind.Number: SetString(target, row, input, value.GetRawText()); return true;
                case JsonValueKind.True or JsonValueKind.False: SetString(target, row, input, value.ValueKind == JsonValueKind.True ? "true" : "false"); return true;
                default: Wrong(row, input, Describe(value)); return false;
            }
        }
        var accepted = (kind, value.ValueKind) switch
        {
            (ColumnKind.Boolean, JsonValueKind.True) => 1,
            (ColumnKind.Boolean, JsonValueKind.False) => 0,
            (ColumnKind.Boolean, JsonValueKind.Number) when value.TryGetDouble(out var b) && b is 0 or 1 => b,
            (ColumnKind.Numeric, JsonValueKind.Number) when value.TryGetDouble(out var n) => n,
            (ColumnKind.DateTime, JsonValueKind.Number) when value.TryGetDouble(out var s) => s,
            (ColumnKind.DateTime, JsonValueKind.String) when ValueParser.TryParse(kind, value.GetString()!, out var t) => t,
            _ => (double?)null,
        };
        if (accepted is null)
        {
            Wrong(row, input, Describe(value));
            return false;
        }
        SetNumber(target, row, input, accepted.Value);
        return true;
    }

    // A training category read from the request's bytes: most values of a many-row request are, and each was a string made, hashed
    // and dropped. A value with escapes or longer than a short name takes the string path, which also warns about unseen ones
    // (a known category is seen: the seen set holds every category, normalised as the check normalises).
    private bool SetKnown(FeatureRow target, int input, JsonElement value)
    {
        const int Longest = 128;
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length < 2 || raw.Length - 2 > Longest || raw[1..^1].Contains((byte)'\\')) return false;
        Span<char> chars = stackalloc char[Longest];
        return Encoding.UTF8.TryGetChars(raw[1..^1], chars, out var length) && _encoder.TrySetKnown(target, input, chars[..length]);
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{NameRules.Show(value.GetString())}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.ValueKind.ToString(),
    };
}
