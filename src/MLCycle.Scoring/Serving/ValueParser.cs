using System.Globalization;
using MLCycle.Data;

namespace MLCycle.Serving;

/// <summary>Parses raw text into the number a Numeric, Boolean or DateTime column holds (DateTime as Unix seconds).</summary>
internal static class ValueParser
{
    /// <summary>What a caller should have sent for a kind, for error messages.</summary>
    public static string Expected(ColumnKind kind) => kind switch
    {
        ColumnKind.Numeric => "a number",
        ColumnKind.Boolean => "a boolean (true/false, 1/0, yes/no)",
        ColumnKind.DateTime => "a date-time (ISO 8601) or Unix seconds",
        _ => "a string",
    };

    public static bool TryParse(ColumnKind kind, string text, out double value)
    {
        var s = text.AsSpan().Trim();
        switch (kind)
        {
            case ColumnKind.Numeric:
                return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            case ColumnKind.Boolean:
                if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("yes", StringComparison.OrdinalIgnoreCase) || s is "1") { value = 1; return true; }
                if (s.Equals("false", StringComparison.OrdinalIgnoreCase) || s.Equals("no", StringComparison.OrdinalIgnoreCase) || s is "0") { value = 0; return true; }
                value = double.NaN;
                return false;
            case ColumnKind.DateTime:
                if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
                {
                    value = t.ToUnixTimeMilliseconds() / 1000.0;
                    return true;
                }
                return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default:
                value = double.NaN;
                return false;
        }
    }
}
