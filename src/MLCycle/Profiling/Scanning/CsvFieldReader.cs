using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using MLCycle.Data;

namespace MLCycle.Profiling.Scanning;

/// <summary>
/// Turns one raw UTF-8 field into a sink call as the column's kind reads it: numbers (booleans as 1/0, dates and
/// date-times as Unix seconds, as DuckDB's <c>epoch</c> gives them) or text; an empty field is missing; a value the kind
/// cannot read is passed on as text so the checks can report it.
/// </summary>
internal sealed class CsvFieldReader(IReadOnlyList<ColumnInfo> columns)
{
    private readonly ColumnKind[] _kinds = columns.Select(c => c.Kind).ToArray();
    private readonly Utf8Decoder _decoder = new();

    public void Read(RowSink sink, int column, ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
        {
            sink.Missing(column);
            return;
        }
        switch (_kinds[column])
        {
            case ColumnKind.Numeric:
                // Plain decimals are read directly; Utf8Parser takes exponents, double.TryParse spaces, "NaN" and "Infinity".
                if (PlainDecimal(raw, out var number) || (Utf8Parser.TryParse(raw, out number, out var used) && used == raw.Length)
                    || double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out number)) sink.Number(column, number);
                else Text(sink, column, raw);
                break;
            case ColumnKind.Boolean:
                if (Boolean(_decoder.Decode(raw)) is { } flag) sink.Number(column, flag);
                else Text(sink, column, raw);
                break;
            case ColumnKind.DateTime:
                if (DateTime.TryParse(_decoder.Decode(raw), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
                    sink.Number(column, (time - DateTime.UnixEpoch).TotalSeconds);
                else Text(sink, column, raw);
                break;
            default:
                Text(sink, column, raw);
                break;
        }
    }

    private static void Text(RowSink sink, int column, ReadOnlySpan<byte> raw) => sink.Text(column, raw);

    /// <summary>
    /// Reads [-+]digits[.digits] with at most 15 digits: the digits are an exact integer below 2^53 and
    /// the power of ten is exact too, so their quotient, rounded once by the division, is the correctly rounded value,
    /// the same double as any correct parser gives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per value: optimised at once, as tier-up lags while every core scans
    public static bool PlainDecimal(ReadOnlySpan<byte> raw, out double value)
    {
        value = 0;
        var i = raw.Length > 0 && (raw[0] == '-' || raw[0] == '+') ? 1 : 0;
        var start = i;
        long mantissa = 0;   // may wrap on a long run of digits, which is then refused below
        while (i < raw.Length && (uint)(raw[i] - '0') <= 9) mantissa = mantissa * 10 + (raw[i++] - '0');
        var digits = i - start;
        var decimals = 0;
        if (i < raw.Length && raw[i] == '.')
        {
            var point = ++i;
            while (i < raw.Length && (uint)(raw[i] - '0') <= 9) mantissa = mantissa * 10 + (raw[i++] - '0');
            decimals = i - point;
        }
        digits += decimals;
        if (i != raw.Length || digits == 0 || digits > 15) return false;
        value = decimals == 0 ? mantissa : mantissa / PowersOfTen[decimals];
        if (raw[0] == '-') value = -value;
        return true;
    }

    private static readonly double[] PowersOfTen = Enumerable.Range(0, 16).Select(e => Math.Pow(10, e)).ToArray();

    // The spellings DuckDB's BOOLEAN cast takes, in any case and without surrounding spaces.
    private static double? Boolean(ReadOnlySpan<char> text)
    {
        foreach (var word in (ReadOnlySpan<string>)["true", "t", "yes", "y", "1"])
            if (text.Equals(word, StringComparison.OrdinalIgnoreCase)) return 1;
        foreach (var word in (ReadOnlySpan<string>)["false", "f", "no", "n", "0"])
            if (text.Equals(word, StringComparison.OrdinalIgnoreCase)) return 0;
        return null;
    }
}
