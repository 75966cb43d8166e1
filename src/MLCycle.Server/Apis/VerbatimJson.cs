using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace MLCycle.Server.Apis;

/// <summary>Writes a parsed JSON value as <see cref="JsonElement.WriteTo"/> does, copying its bytes as they came where that gives the
/// same text: numbers and literals always (WriteTo keeps their text), strings whose bytes need no escape either way. Other values
/// (strings with an escape or a byte the writer escapes, objects, arrays) go through WriteTo itself.</summary>
internal static class VerbatimJson
{
    // The bytes the writer's default escaping leaves as they are inside a string, found by asking the writer itself,
    // so the shortcut can never disagree with it.
    private static readonly SearchValues<byte> Unescaped = SearchValues.Create(UnescapedBytes());

    public static void Write(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null:
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
                return;
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(value);
                if (raw.Length >= 2 && raw[0] == (byte)'"' && raw[1..^1].IndexOfAnyExcept(Unescaped) < 0)
                {
                    writer.WriteRawValue(raw, skipInputValidation: true);
                    return;
                }
                break;
        }
        value.WriteTo(writer);
    }

    private static byte[] UnescapedBytes()
    {
        var kept = new List<byte>();
        var buffer = new ArrayBufferWriter<byte>(8);
        using var writer = new Utf8JsonWriter(buffer);
        for (var b = 0; b < 0x80; b++)
        {
            writer.WriteStringValue([(byte)b]);
            writer.Flush();
            if (buffer.WrittenCount == 3) kept.Add((byte)b);
            buffer.ResetWrittenCount();
            writer.Reset();
        }
        return [.. kept];
    }
}
