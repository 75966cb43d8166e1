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
                // Exact decimals are read directly; Utf8Parser takes longer ones, double.TryParse spaces, "NaN" and "Infinity".
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
    /// Reads [-+]digits[.digits][(e|E)[-+]digits] when it is provably exact (Clinger's fast path): at most 15 significant
    /// digits make an integer below 2^53, and a power of ten up to 10^22 is a double too, so one multiplication or division
    /// rounds once and gives the correctly rounded value, the same double as double.Parse. Anything else (more digits,
    /// larger exponents, spaces, "NaN") returns false and is left to the full parser.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per value: optimised at once, as tier-up lags while every core scans
    public static bool PlainDecimal(ReadOnlySpan<byte> raw, out double value)
    {
        value = 0;
        var i = raw.Length > 0 && (raw[0] == '-' || raw[0] == '+') ? 1 : 0;
        var start = i;
        while (i < raw.Length && raw[i] == '0') i++;   // leading zeros: they do not grow the mantissa
        var first = i;
        ulong mantissa = 0;   // may wrap on a long run of digits, which is then refused below
        uint digit;
        while (i < raw.Length && (digit = (uint)(raw[i] - '0')) <= 9) (mantissa, i) = (mantissa * 10 + digit, i + 1);
        var significant = i - first;
        var digits = i - start;
        var decimals = 0;
        if (i < raw.Length && raw[i] == '.')
        {
            var point = ++i;
            if (mantissa == 0) while (i < raw.Length && raw[i] == '0') i++;   // 0.000123: zeros before the first significant digit
            first = i;
            while (i < raw.Length && (digit = (uint)(raw[i] - '0')) <= 9) (mantissa, i) = (mantissa * 10 + digit, i + 1);
            significant += i - first;
            decimals = i - point;
            digits += decimals;
        }
        if (digits == 0 || significant > 15) return false;
        var exponent = -decimals;
        if (i < raw.Length)
        {
            if ((raw[i] | 0x20) != 'e') return false;
            var negative = ++i < raw.Length && raw[i] == '-';
            if (i < raw.Length && (raw[i] == '-' || raw[i] == '+')) i++;
            var from = i;
            var written = 0;
            while (i < raw.Length && (digit = (uint)(raw[i] - '0')) <= 9)
            {
                if (written < 10_000) written = written * 10 + (int)digit;   // beyond, the value is refused or zero anyway
                i++;
            }
            if (i == from || i != raw.Length) return false;
            exponent += negative ? -written : written;
        }
        if (mantissa != 0)
        {
            if (exponent is < -22 or > 22) return false;
            var exact = (double)(long)mantissa;   // below 2^53; the signed conversion is a single instruction
            value = exponent >= 0 ? exact * PowersOfTen[exponent] : exact / PowersOfTen[-exponent];
        }
        if (raw[0] == '-') value = -value;
        return true;
    }

    // Every power of ten up to 10^22 is exactly a double (5^22 < 2^53); written out, not computed, so no rounding can enter.
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

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
