using System.Buffers.Text;
using System.Globalization;
using System.Text;
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
    private char[] _chars = new char[256];

    public void Read(IRowSink sink, int column, ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
        {
            sink.Missing(column);
            return;
        }
        switch (_kinds[column])
        {
            case ColumnKind.Numeric:
                // Utf8Parser is the fast path for plain numbers; double.TryParse also takes spaces, "NaN" and "Infinity".
                if ((Utf8Parser.TryParse(raw, out double number, out var used) && used == raw.Length)
                    || double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out number)) sink.Number(column, number);
                else Text(sink, column, raw);
                break;
            case ColumnKind.Boolean:
                if (Boolean(Chars(raw)) is { } flag) sink.Number(column, flag);
                else Text(sink, column, raw);
                break;
            case ColumnKind.DateTime:
                if (DateTime.TryParse(Chars(raw), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
                    sink.Number(column, (time - DateTime.UnixEpoch).TotalSeconds);
                else Text(sink, column, raw);
                break;
            default:
                Text(sink, column, raw);
                break;
        }
    }

    private void Text(IRowSink sink, int column, ReadOnlySpan<byte> raw) => sink.Text(column, Chars(raw));

    private ReadOnlySpan<char> Chars(ReadOnlySpan<byte> raw)
    {
        if (_chars.Length < raw.Length) _chars = new char[Math.Max(raw.Length, _chars.Length * 2)];
        var n = Encoding.UTF8.GetChars(raw, _chars);
        return _chars.AsSpan(0, n);
    }

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
