using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace MLCycle.Server.Json;

/// <summary>
/// The text of a request's binary probabilities, formatted once (ADR 0077): the v1 answer writes each row's two numbers and keeps
/// their UTF-8 here, and the log rows, built after the answer, write the same text again instead of formatting the same doubles a
/// second time (formatting was a third of the log rows' build and two thirds of the answer's). Rows the answer did not keep are
/// formatted by the log as before, and nothing is rented until an answer keeps a row (a v2 answer, explained or ensemble rows never
/// do). One writer at a time, rows in order from the first: the answer, then the log's build after it.
/// </summary>
internal sealed class ProbabilityTexts(int rows) : IDisposable
{
    // A double's shortest round-trip text is at most 24 bytes ("-1.7976931348623157E+308").
    private const int Width = 24;

    private byte[]? text;
    private byte[]? lengths;
    private bool closed;
    // Rows [0, kept) hold their texts; written before the log's build starts and read by it.
    private int kept;

    /// <summary>Writes <paramref name="row"/>'s two probabilities under <paramref name="names"/> as <see cref="Utf8JsonWriter.WriteNumber(JsonEncodedText, double)"/>
    /// writes them: from the kept text when the row has it; else formatted, and kept when <paramref name="keep"/> (the answer) and the
    /// row is the next in order.</summary>
    public void Write(Utf8JsonWriter writer, JsonEncodedText[] names, int row, double negative, double positive, bool keep)
    {
        var known = Volatile.Read(ref kept);
        if (row == known && keep && !closed && row < rows)
        {
            text ??= ArrayPool<byte>.Shared.Rent(rows * 2 * Width);
            lengths ??= ArrayPool<byte>.Shared.Rent(rows * 2);
            Format(text, lengths, 2 * row, negative);
            Format(text, lengths, 2 * row + 1, positive);
            Volatile.Write(ref kept, ++known);
        }
        if (row < known && text is { } bytes && lengths is { } sizes)
        {
            Raw(writer, names[0], bytes, sizes, 2 * row);
            Raw(writer, names[1], bytes, sizes, 2 * row + 1);
            return;
        }
        writer.WriteNumber(names[0], negative);
        writer.WriteNumber(names[1], positive);
    }

    /// <summary>Whether a buffer is rented (an answer kept a row and it was not disposed).</summary>
    internal bool HoldsBuffer => text is not null;

    /// <summary>Gives the buffers back to the pool; writes after this format every number.</summary>
    public void Dispose()
    {
        closed = true;
        if (Interlocked.Exchange(ref text, null) is { } bytes) ArrayPool<byte>.Shared.Return(bytes);
        if (Interlocked.Exchange(ref lengths, null) is { } sizes) ArrayPool<byte>.Shared.Return(sizes);
    }

    // The shortest round-trip text, invariant: what Utf8JsonWriter writes for a finite double (a test holds them equal).
    private static void Format(byte[] bytes, byte[] sizes, int at, double value)
    {
        if (!value.TryFormat(bytes.AsSpan(at * Width, Width), out var written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"{value:R} needs more than {Width} bytes");
        }
        sizes[at] = (byte)written;
    }

    private static void Raw(Utf8JsonWriter writer, JsonEncodedText name, byte[] bytes, byte[] sizes, int at)
    {
        writer.WritePropertyName(name);
        writer.WriteRawValue(bytes.AsSpan(at * Width, sizes[at]), skipInputValidation: true);
    }
}
