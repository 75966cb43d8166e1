using System.Text;

namespace MLCycle.Profiling.Scanning;

/// <summary>Decodes UTF-8 fields into one reused buffer; the span it returns is valid until the next call.</summary>
internal sealed class Utf8Decoder
{
    private char[] _chars = new char[256];

    public ReadOnlySpan<char> Decode(ReadOnlySpan<byte> raw)
    {
        if (_chars.Length < raw.Length) _chars = new char[Math.Max(raw.Length, _chars.Length * 2)];
        // Most fields are short ASCII, for which widening byte by byte beats the general decoder's per-call setup.
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] >= 0x80) return _chars.AsSpan(0, Encoding.UTF8.GetChars(raw, _chars));
            _chars[i] = (char)raw[i];
        }
        return _chars.AsSpan(0, raw.Length);
    }
}
